using System.Text.Json;
using System.Text.Json.Serialization;
using StreamClassifier.Core.Topology;

namespace StreamClassifier.Core.Models;

/// <summary>
/// The contract between trainer and worker: what a model expects as input, what its output means,
/// the preprocessing it was trained with, and how well it did on held-out data. Stored beside the
/// model as <c>&lt;name&gt;.card.json</c> and in the ONNX metadata under <see cref="MetadataKey"/>.
/// </summary>
public sealed record ModelCard
{
    /// <summary>ONNX metadata_props key holding the card JSON.</summary>
    public const string MetadataKey = "streamclassifier.card";

    /// <summary>Card schema version.</summary>
    [JsonPropertyName("schema")]
    public int Schema { get; init; } = 1;

    /// <summary>Model name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Model version (string, compared for hot-swap).</summary>
    [JsonPropertyName("version")]
    public required string Version { get; init; }

    /// <summary>Input layout.</summary>
    [JsonPropertyName("input_layout")]
    public required InputLayout InputLayout { get; init; }

    /// <summary>Input channels.</summary>
    [JsonPropertyName("channels")]
    public required int Channels { get; init; }

    /// <summary>Window length in samples.</summary>
    [JsonPropertyName("window_length")]
    public required int WindowLength { get; init; }

    /// <summary>Sample rate the model was trained at, Hz; null when not a rate-based signal (e.g. UCR series).</summary>
    [JsonPropertyName("sample_rate_hz")]
    public double? SampleRateHz { get; init; }

    /// <summary>Preprocessing the model was trained with.</summary>
    [JsonPropertyName("preprocessing")]
    public PreprocessingCard Preprocessing { get; init; } = new();

    /// <summary>What the output means.</summary>
    [JsonPropertyName("output")]
    public required OutputKind Output { get; init; }

    /// <summary>Calibrated decision threshold on P(class 1).</summary>
    [JsonPropertyName("threshold")]
    public double Threshold { get; init; } = 0.5;

    /// <summary>Training data and split description.</summary>
    [JsonPropertyName("training")]
    public TrainingCard? Training { get; init; }

    /// <summary>The hops with which the model can be scored hop by hop, when it can (see docs/models.md); null when it cannot.</summary>
    [JsonPropertyName("streaming")]
    public StreamingCard? Streaming { get; init; }

    /// <summary>Held-out metrics (name → value), e.g. accuracy, auc, f1.</summary>
    [JsonPropertyName("metrics")]
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Serializer options for cards: snake_case enums, indented.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new NormalizationKindJsonConverter(), new InputLayoutJsonConverter(), new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Serialises the card.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Parses a card; <paramref name="source"/> names where it came from in errors.</summary>
    /// <exception cref="ModelCardException">The JSON is not a valid card.</exception>
    public static ModelCard Parse(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<ModelCard>(json, JsonOptions)
                ?? throw new ModelCardException($"{source}: the model card is empty (null). Write a JSON object with name, version, input_layout, channels, window_length and output.");
        }
        catch (JsonException ex)
        {
            throw new ModelCardException($"{source}: the model card is not valid: {ex.Message} Fix the JSON (path {ex.Path}) or regenerate it with streamclassifier-train.", ex);
        }
    }
}

/// <summary>The preprocessing chain recorded in a model card.</summary>
public sealed record PreprocessingCard
{
    /// <summary>Filter chain, in order.</summary>
    [JsonPropertyName("filters")]
    public IReadOnlyList<FilterSpec> Filters { get; init; } = [];

    /// <summary>Window hop used in training, samples (informational; the length is <see cref="ModelCard.WindowLength"/>).</summary>
    [JsonPropertyName("window_hop")]
    public int? WindowHop { get; init; }

    /// <summary>Normalisation: <c>zscore</c>, <c>none</c> or <c>fixed</c> with mean/std.</summary>
    [JsonPropertyName("normalize")]
    public NormalizationKind Normalize { get; init; } = NormalizationKind.ZScore;

    /// <summary>Per-channel mean for fixed normalisation.</summary>
    [JsonPropertyName("mean")]
    public IReadOnlyList<double>? Mean { get; init; }

    /// <summary>Per-channel std for fixed normalisation.</summary>
    [JsonPropertyName("std")]
    public IReadOnlyList<double>? Std { get; init; }
}

/// <summary>Where the training data came from and how it was split.</summary>
public sealed record TrainingCard
{
    /// <summary>Dataset description (name, files).</summary>
    [JsonPropertyName("data")]
    public string? Data { get; init; }

    /// <summary>Split description (what was train, validation, test).</summary>
    [JsonPropertyName("split")]
    public string? Split { get; init; }

    /// <summary>Original label → class index (0/1).</summary>
    [JsonPropertyName("label_mapping")]
    public IReadOnlyDictionary<string, int>? LabelMapping { get; init; }

    /// <summary>Architecture name.</summary>
    [JsonPropertyName("architecture")]
    public string? Architecture { get; init; }

    /// <summary>Label rule for windowed data (e.g. "window contains a ventricular beat").</summary>
    [JsonPropertyName("label_rule")]
    public string? LabelRule { get; init; }

    /// <summary>Random seed.</summary>
    [JsonPropertyName("seed")]
    public int? Seed { get; init; }

    /// <summary>The evaluation protocol, for models trained and tested on different recordings (e.g. the MIT-BIH inter-patient split).</summary>
    [JsonPropertyName("protocol")]
    public string? Protocol { get; init; }

    /// <summary>Recordings whose data fitted the weights.</summary>
    [JsonPropertyName("train_records")]
    public IReadOnlyList<string>? TrainRecords { get; init; }

    /// <summary>Recordings held out of fitting that chose the checkpoint, threshold and alert policy.</summary>
    [JsonPropertyName("validation_records")]
    public IReadOnlyList<string>? ValidationRecords { get; init; }

    /// <summary>Recordings never used for any choice; the unprefixed metrics are measured on them.</summary>
    [JsonPropertyName("test_records")]
    public IReadOnlyList<string>? TestRecords { get; init; }

    /// <summary>The command line that trained the model (run from the repository root).</summary>
    [JsonPropertyName("command")]
    public string? Command { get; init; }
}

/// <summary>A model card is missing, malformed or inconsistent.</summary>
public sealed class ModelCardException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelCardException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ModelCardException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ModelCardException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
