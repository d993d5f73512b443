using System.Text.Json;
using System.Text.Json.Serialization;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Networks;

namespace StreamClassifier.Trainer.Training;

/// <summary>
/// A training configuration as a JSON file: what <c>tune</c> writes as <c>best.json</c> and <c>train --config</c> reads.
/// The one schema of that file (snake_case keys; see docs/tuning.md): the <see cref="TrainingOptions"/> a run needs, the
/// ConfigurableConv1D layer stack, the training-set augmentation and, for windowed recordings, the window length.
/// </summary>
internal sealed record TrainingConfig
{
    /// <summary>Network family (the names <c>--arch</c> takes).</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<Architecture>))]
    public Architecture Architecture { get; init; } = Architecture.ConfigurableConv1D;

    /// <summary>ConfigurableConv1D's layer stack; null for the other architectures (or its defaults).</summary>
    public ConvStackSpec? Network { get; init; }

    /// <summary>Multiplies every layer width.</summary>
    public double WidthScale { get; init; } = 1;

    /// <summary>Maximum epochs.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Mini-batch size.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Adam's initial learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Early-stopping patience in epochs (0 = never stop early).</summary>
    public int Patience { get; init; } = 20;

    /// <summary>Weigh the positive class by negatives/positives in the loss.</summary>
    public bool ClassWeights { get; init; } = true;

    /// <summary>Networks in the ensemble.</summary>
    public int Ensemble { get; init; } = 1;

    /// <summary>Seed of splits, initialisation, batch order and augmentation.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Augmentation of the training windows; null = none.</summary>
    public AugmentationSpec? Augmentation { get; init; }

    /// <summary>Window length in samples for datasets cut from recordings (MIT-BIH); null = the dataset's own.</summary>
    public int? WindowLength { get; init; }

    /// <summary>The JSON form of the trainer's config files (<see cref="JsonConfigFile.Options"/>).</summary>
    public static JsonSerializerOptions JsonOptions => JsonConfigFile.Options;

    /// <summary>Reads and validates a config file.</summary>
    /// <exception cref="ArgumentException">The file is missing or invalid; the message names the file, the key and the fix.</exception>
    public static TrainingConfig Load(string path)
    {
        var config = JsonConfigFile.Read<TrainingConfig>(
            path,
            JsonOptions,
            new ConfigFileMessages("training config", "the training config file does not exist. Write one as in docs/tuning.md, or take the best.json that `streamclassifier-train tune` wrote.", "the training config is empty (null); write an object such as {\"architecture\": \"ConfigurableConv1D\"}.", "See docs/tuning.md for the keys."),
            (message, inner) => new ArgumentException(message, inner));
        config.Validate(path);
        return config;
    }

    /// <summary>Serialises the config (the inverse of <see cref="Load"/>).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Writes the config to <paramref name="path"/>.</summary>
    public void Save(string path) => File.WriteAllText(path, ToJson() + Environment.NewLine);

    /// <summary>The training options this config asks for.</summary>
    /// <param name="threads">libtorch threads (a property of the machine, not of the config).</param>
    public TrainingOptions ToTrainingOptions(int threads = 0) => new()
    {
        Architecture = Architecture,
        Network = Architecture == Architecture.ConfigurableConv1D ? Network ?? new ConvStackSpec() : null,
        WidthScale = WidthScale,
        Epochs = Epochs,
        BatchSize = BatchSize,
        LearningRate = LearningRate,
        Patience = Patience,
        ClassWeights = ClassWeights,
        EnsembleSize = Ensemble,
        Seed = Seed,
        Threads = threads,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the file, the key and the fix when a value is impossible.</summary>
    public void Validate(string source)
    {
        void Require(bool ok, string key, string fix)
        {
            if (!ok)
            {
                throw new ArgumentException($"{source}: {key}: {fix}");
            }
        }

        Require(Enum.IsDefined(Architecture), "architecture", $"use one of {ArchitectureNames.Listed}.");
        Require(Network is null || Architecture == Architecture.ConfigurableConv1D, "network", $"only ConfigurableConv1D takes a layer stack; remove the key or set architecture to ConfigurableConv1D (it is {Architecture}).");
        Network?.Validate(source);
        Augmentation?.Validate(source);
        Require(WidthScale > 0 && !double.IsInfinity(WidthScale), "width_scale", "use a positive number (1 = the listed widths).");
        Require(Epochs >= 1, "epochs", "use at least 1.");
        Require(BatchSize >= 1, "batch_size", "use at least 1.");
        Require(LearningRate > 0 && !double.IsInfinity(LearningRate), "learning_rate", "use a positive number such as 0.001.");
        Require(Patience >= 0, "patience", "use 0 (no early stopping) or more epochs.");
        Require(Ensemble >= 1, "ensemble", "use at least 1 network.");
        Require(WindowLength is null or >= 2, "window_length", "use a window of at least 2 samples, or remove the key to keep the dataset's own.");
    }
}
