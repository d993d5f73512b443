using StreamClassifier.Trainer.Data;

namespace StreamClassifier.Trainer.Tuning;

/// <summary>
/// The data a search trains and validates on, per window length (cached): for recordings (MIT-BIH) validation is
/// whole held-out records (<see cref="RecordHoldout"/>); for series datasets (UCR, CSV) a stratified split of TRAIN.
/// TEST is never loaded into a trial.
/// </summary>
internal sealed class TuningData
{
    private readonly DatasetSource source;
    private readonly DatasetOptions options;
    private readonly Dictionary<int, PreparedDataset> byWindowLength = [];
    private PreparedDataset? own;

    /// <summary>Loads the dataset's own windows once (so a bad dataset fails before the search starts).</summary>
    public TuningData(DatasetSource source, DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        this.source = source;
        this.options = options;
        Default = Get(null);
    }

    /// <summary>The data at the dataset's own window length.</summary>
    public PreparedDataset Default { get; }

    /// <summary>True when the window length can be searched (recordings).</summary>
    public bool HasWindowLength => source is MitBihSource;

    /// <summary>Train and validation windows for a window length (null = the dataset's own); <see cref="PreparedDataset.Test"/> is null.</summary>
    public PreparedDataset Get(int? windowLength)
    {
        if (windowLength is null)
        {
            return own ??= Load(null);
        }

        if (!byWindowLength.TryGetValue(windowLength.Value, out var data))
        {
            data = Load(windowLength);
            byWindowLength[windowLength.Value] = data;
        }

        return data;
    }

    private PreparedDataset Load(int? windowLength)
    {
        if (source is MitBihSource mitbih)
        {
            var dataset = WindowedDataset.LoadMitBih(mitbih, options, windowLength);
            var (train, validation, description) = RecordHoldout.Split(dataset.Segments, options.ValidationFraction, options.Seed);
            return DatasetCatalog.FromMitBih(dataset) with { Train = train, Validation = validation, Test = null, SplitDescription = description };
        }

        var data = WindowedDataset.Prepare(source, options, windowLength);
        if (data.Validation.Count == 0)
        {
            throw new ArgumentException("--validation-fraction 0 leaves nothing to validate trials on; use a fraction such as 0.2.");
        }

        return data with { Test = null, SplitDescription = data.SplitDescription.Split(';')[0] + "; TEST not used" };
    }
}
