using System.Text.Json;
using System.Text.Json.Serialization;
using StreamClassifier.Core.Topology;

namespace StreamClassifier.Trainer.Data.MitBih;

/// <summary>
/// How MIT-BIH records become labelled windows: which records and channels, the worker's filter chain,
/// window size and hop, normalisation, the label rule and the split. Read from JSON (snake_case keys;
/// see docs/datasets.md); <see cref="VentricularDemo"/> is the demo model's configuration.
/// </summary>
internal sealed record MitBihConfig
{
    /// <summary>Model name written to the card.</summary>
    public string Name { get; init; } = "ecg-pvc";

    /// <summary>Records split by time (train, validation, held-out test from each).</summary>
    public IReadOnlyList<string> Records { get; init; } = [];

    /// <summary>Records used entirely as TEST (a by-record hold-out); may be empty.</summary>
    public IReadOnlyList<string> TestRecords { get; init; } = [];

    /// <summary>Folder of the .hea/.dat/.atr files; relative to the config file; default: &lt;data root&gt;/mitbih.</summary>
    public string? DataDir { get; init; }

    /// <summary>Record channels to use, in order (the model's input channels).</summary>
    public IReadOnlyList<int> Channels { get; init; } = [0, 1];

    /// <summary>When set, channel <see cref="Channels"/>[0] of every record must be this lead (e.g. <c>MLII</c>).</summary>
    public string? RequiredFirstLead { get; init; }

    /// <summary>Expected sample rate; every record must match.</summary>
    public double SampleRateHz { get; init; } = 360;

    /// <summary>Window size and hop in samples.</summary>
    public WindowSpec Window { get; init; } = new(720, 90);

    /// <summary>The filter chain, as in the topology.</summary>
    public IReadOnlyList<FilterSpec> Filters { get; init; } = [];

    /// <summary>Window normalisation.</summary>
    public NormalizationKind Normalize { get; init; } = NormalizationKind.ZScore;

    /// <summary>The label rule.</summary>
    public MitBihLabelRule Label { get; init; } = new();

    /// <summary>The time split inside each record.</summary>
    public MitBihTimeSplit Split { get; init; } = new();

    /// <summary>The JSON form of the trainer's config files (<see cref="JsonConfigFile.Options"/>).</summary>
    public static JsonSerializerOptions JsonOptions => JsonConfigFile.Options;

    /// <summary>
    /// The demo model: every record whose first lead is MLII and that has reference annotations, lead MLII only
    /// (the second lead differs between records: V1, V2 or V5; and topologies/ecg-demo.yaml streams channel 0),
    /// 2 s windows (720 samples) every 0.25 s (90) at 360 Hz after a 0.5–40 Hz order-4 Butterworth bandpass and
    /// a 60 Hz notch (q 30), per-window z-score, labelled "contains a ventricular beat (V) at least 150 ms from
    /// either edge".
    /// </summary>
    public static MitBihConfig VentricularDemo { get; } = new()
    {
        Name = "ecg-pvc",
        Records = ["100", "103", "105", "106", "107", "108", "208"],
        Channels = [0],
        RequiredFirstLead = "MLII",
        SampleRateHz = 360,
        Window = new WindowSpec(720, 90),
        Filters = [FilterSpec.Bandpass(0.5, 40, 4), FilterSpec.Notch(60, 30)],
        Normalize = NormalizationKind.ZScore,
        Label = new MitBihLabelRule { PositiveSymbols = ["V"], EdgeMarginMs = 150, DropAmbiguous = true },
        Split = new MitBihTimeSplit { TrainFraction = 0.6, ValidationFraction = 0.1 },
    };

    /// <summary>Reads a config file.</summary>
    /// <exception cref="DatasetFormatException">The file is missing or invalid; the message names it and the JSON path.</exception>
    public static MitBihConfig Load(string path)
    {
        var config = JsonConfigFile.Read<MitBihConfig>(
            path,
            JsonOptions,
            new ConfigFileMessages("MIT-BIH config", "the MIT-BIH config file does not exist. Use mitbih:default for the demo configuration or write one as in docs/datasets.md.", "the MIT-BIH config is empty (null).", "See docs/datasets.md for the keys."),
            (message, inner) => inner is null ? new DatasetFormatException(message) : new DatasetFormatException(message, inner));
        config.Validate(path);
        return config;
    }

    /// <summary>Serialises the config (the inverse of <see cref="Load"/>).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Checks values that JSON alone cannot.</summary>
    /// <exception cref="DatasetFormatException">A value is impossible; the message names the key.</exception>
    public void Validate(string source)
    {
        void Fail(string key, string what) => throw new DatasetFormatException($"{source}: {key}: {what}");
        if (Records.Count + TestRecords.Count == 0)
        {
            Fail("records", "list at least one record, e.g. [\"106\"].");
        }

        if (Records.Intersect(TestRecords, StringComparer.Ordinal).FirstOrDefault() is { } both)
        {
            Fail("test_records", $"record {both} is also in records; a record is either split by time or held out whole.");
        }

        if (Channels.Count == 0 || Channels.Any(channel => channel < 0) || Channels.Distinct().Count() != Channels.Count)
        {
            Fail("channels", "list distinct, non-negative channel indexes, e.g. [0, 1].");
        }

        if (!(SampleRateHz > 0))
        {
            Fail("sample_rate_hz", "must be positive.");
        }

        if (Window is null || Window.Size < 1 || Window.Hop < 1)
        {
            Fail("window", "size and hop must be positive sample counts.");
        }

        if (Label is null || Label.PositiveSymbols.Count == 0)
        {
            Fail("label.positive_symbols", "list at least one annotation symbol, e.g. [\"V\"].");
        }

        if (Label!.EdgeMarginMs < 0 || 2 * Label.EdgeMarginMs * SampleRateHz / 1000 >= Window!.Size)
        {
            Fail("label.edge_margin_ms", $"must be ≥ 0 and leave room inside the {Window!.Size}-sample window.");
        }

        if (Split is null || !(Split.TrainFraction > 0) || !(Split.ValidationFraction > 0) || Split.TrainFraction + Split.ValidationFraction >= 1)
        {
            Fail("split", "train_fraction and validation_fraction must be positive and sum to less than 1 (the rest is the held-out TEST part).");
        }

        if (Normalize == NormalizationKind.Fixed)
        {
            Fail("normalize", "fixed normalisation needs statistics the trainer does not compute; use zscore or none.");
        }
    }
}

/// <summary>
/// Labels a window 1 when it contains an annotation whose symbol is one of <see cref="PositiveSymbols"/>
/// at least <see cref="EdgeMarginMs"/> from both edges (so the whole complex is inside the window).
/// </summary>
internal sealed record MitBihLabelRule
{
    /// <summary>Annotation symbols that make a window positive (WFDB mnemonics, e.g. <c>V</c>).</summary>
    public IReadOnlyList<string> PositiveSymbols { get; init; } = ["V"];

    /// <summary>Distance from either window edge a positive annotation needs, milliseconds.</summary>
    public double EdgeMarginMs { get; init; } = 150;

    /// <summary>Drop windows whose only positive annotations sit within the margin (neither clearly 0 nor 1) instead of labelling them 0.</summary>
    public bool DropAmbiguous { get; init; } = true;

    /// <summary>A sentence for the model card.</summary>
    public string Describe(double sampleRateHz)
    {
        var symbols = string.Join(" or ", PositiveSymbols);
        var marginSamples = MarginSamples(sampleRateHz);
        var ambiguous = DropAmbiguous
            ? $"windows whose only {symbols} annotations lie within {EdgeMarginMs:0.###} ms of an edge are dropped as ambiguous"
            : $"windows whose only {symbols} annotations lie within {EdgeMarginMs:0.###} ms of an edge are labelled 0";
        return $"1 = the window contains a beat annotated {symbols} (reference .atr) at least {EdgeMarginMs:0.###} ms ({marginSamples} samples) from both edges; 0 = no {symbols} annotation in the window; {ambiguous}";
    }

    /// <summary>The margin in whole samples (rounded up).</summary>
    public int MarginSamples(double sampleRateHz) => (int)Math.Ceiling((EdgeMarginMs * sampleRateHz / 1000) - 1e-9);
}

/// <summary>
/// The split inside each record, by time: the first <see cref="TrainFraction"/> trains, the next
/// <see cref="ValidationFraction"/> validates, the rest is TEST (held out for metrics and for the worker demo replay).
/// </summary>
internal sealed record MitBihTimeSplit
{
    /// <summary>Leading fraction of each record used for training.</summary>
    public double TrainFraction { get; init; } = 0.6;

    /// <summary>Following fraction used for validation.</summary>
    public double ValidationFraction { get; init; } = 0.1;
}
