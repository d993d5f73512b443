using System.Globalization;
using StreamClassifier.Core.Recordings;
using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Preprocessing;

namespace StreamClassifier.Trainer.Data.MitBih;

/// <summary>Which part of the data a segment belongs to.</summary>
internal enum SplitPart
{
    /// <summary>Trains the network.</summary>
    Train,

    /// <summary>Early stopping, checkpoint selection, threshold calibration.</summary>
    Validation,

    /// <summary>Held out: metrics in the card, and the worker demo's replay.</summary>
    Test,
}

/// <summary>The windows cut from one contiguous stretch of one record.</summary>
/// <param name="Record">Record name.</param>
/// <param name="Part">Split part.</param>
/// <param name="StartSample">First sample of the stretch (inclusive).</param>
/// <param name="EndSample">End of the stretch (exclusive).</param>
/// <param name="Windows">The labelled windows, in time order.</param>
/// <param name="WindowStarts">Record sample index of each window's first sample.</param>
/// <param name="AmbiguousDropped">Windows dropped by the label rule as ambiguous.</param>
internal sealed record SegmentWindows(string Record, SplitPart Part, int StartSample, int EndSample, LabelledWindows Windows, long[] WindowStarts, int AmbiguousDropped);

/// <summary>
/// Cuts MIT-BIH records into labelled windows with the worker's own stages: each stretch goes through
/// a <see cref="RecordingPreprocessor"/> (filter chain from a fresh state, windows every hop, the
/// stream's normaliser), exactly as the worker would process a sensor whose stream starts at that
/// stretch (so train and serve see the same filter transients, too).
/// </summary>
internal static class MitBihWindows
{
    /// <summary>Windows of rows <paramref name="startSample"/>..<paramref name="endSample"/>-1 of <paramref name="record"/>, labelled from <paramref name="annotations"/>.</summary>
    public static SegmentWindows FromSegment(WfdbRecord record, IReadOnlyList<BeatAnnotation> annotations, MitBihConfig config, SplitPart part, int startSample, int endSample)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(annotations);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegative(startSample);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(endSample, record.SampleCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(endSample, startSample);

        var channels = config.Channels.Count;
        var length = config.Window.Size;
        var rowCount = endSample - startSample;
        var rows = new double[rowCount * channels];
        for (var row = 0; row < rowCount; row++)
        {
            var sourceRow = (startSample + row) * record.Channels;
            for (var channel = 0; channel < channels; channel++)
            {
                rows[(row * channels) + channel] = record.Physical[sourceRow + config.Channels[channel]];
            }
        }

        var preprocessor = new RecordingPreprocessor(config.Filters, record.SampleRateHz, config.Window, new NormalizationSpec(config.Normalize), channels);
        var filtered = preprocessor.Filter(rows);
        var positives = PositiveSamples(annotations, config.Label);
        var margin = config.Label.MarginSamples(record.SampleRateHz);

        var values = new List<float>();
        var labels = new List<int>();
        var starts = new List<long>();
        var ambiguous = 0;
        var scratch = new double[preprocessor.WindowValues];
        var normalized = new float[preprocessor.WindowValues];
        foreach (var relativeStart in preprocessor.StreamWindowStarts(rowCount))
        {
            var windowStart = startSample + relativeStart;
            var label = Label(positives, windowStart, length, margin);
            if (label < 0)
            {
                if (config.Label.DropAmbiguous)
                {
                    ambiguous++;
                    continue;
                }

                label = 0;
            }

            preprocessor.CutWindow(filtered, relativeStart, scratch, normalized);
            values.AddRange(normalized);
            labels.Add(label);
            starts.Add(windowStart);
        }

        return new SegmentWindows(record.Name, part, startSample, endSample, new LabelledWindows([.. values], [.. labels], channels, length), [.. starts], ambiguous);
    }

    /// <summary>Builds train, validation and test windows for every record the config names.</summary>
    /// <exception cref="DatasetFormatException">A record is missing, has no annotations, or does not match the config.</exception>
    public static MitBihDataset Build(MitBihConfig config, string dataDir)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDir);
        var segments = new List<SegmentWindows>();
        foreach (var name in config.Records)
        {
            var (record, annotations) = ReadRecord(dataDir, name, config);
            var count = record.SampleCount;
            var trainEnd = (int)(count * config.Split.TrainFraction);
            var validationEnd = (int)(count * (config.Split.TrainFraction + config.Split.ValidationFraction));
            segments.Add(FromSegment(record, annotations, config, SplitPart.Train, 0, trainEnd));
            segments.Add(FromSegment(record, annotations, config, SplitPart.Validation, trainEnd, validationEnd));
            segments.Add(FromSegment(record, annotations, config, SplitPart.Test, validationEnd, count));
        }

        foreach (var name in config.TestRecords)
        {
            var (record, annotations) = ReadRecord(dataDir, name, config);
            segments.Add(FromSegment(record, annotations, config, SplitPart.Test, 0, record.SampleCount));
        }

        return new MitBihDataset(config, Path.GetFullPath(dataDir), segments);
    }

    private static (WfdbRecord Record, IReadOnlyList<BeatAnnotation> Annotations) ReadRecord(string dataDir, string name, MitBihConfig config)
    {
        var recordPath = Path.Combine(dataDir, name);
        var atrPath = recordPath + ".atr";
        if (!File.Exists(recordPath + ".hea"))
        {
            throw new DatasetFormatException($"{recordPath}.hea: MIT-BIH record '{name}' was not found in {dataDir}. Fetch the database with `streamclassifier-train data fetch mitdb --to DIR` and pass --data-root DIR, remove the record from the config, or set data_dir.");
        }

        if (!File.Exists(atrPath))
        {
            throw new DatasetFormatException($"{atrPath}: record '{name}' has no reference annotations (.atr), so its windows cannot be labelled. Remove it from records/test_records (record 119 has none here).");
        }

        WfdbRecord record;
        IReadOnlyList<BeatAnnotation> annotations;
        try
        {
            record = WfdbRecord.Read(recordPath);
            annotations = WfdbAnnotations.Read(atrPath);
        }
        catch (WfdbFormatException ex)
        {
            throw new DatasetFormatException(ex.Message, ex);
        }

        if (Math.Abs(record.SampleRateHz - config.SampleRateHz) > 1e-9)
        {
            throw new DatasetFormatException($"{record.Header.Path}: record {name} is sampled at {record.SampleRateHz.ToString(CultureInfo.InvariantCulture)} Hz but the config says sample_rate_hz {config.SampleRateHz.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (config.Channels.Max() >= record.Channels)
        {
            throw new DatasetFormatException($"{record.Header.Path}: record {name} has {record.Channels} channel(s) but the config asks for channel {config.Channels.Max()}.");
        }

        if (config.RequiredFirstLead is { } lead && !string.Equals(record.SignalNames[config.Channels[0]], lead, StringComparison.Ordinal))
        {
            throw new DatasetFormatException($"{record.Header.Path}: channel {config.Channels[0]} of record {name} is lead {record.SignalNames[config.Channels[0]]}, but the config requires {lead} (required_first_lead). Records 102 and 104 have no MLII.");
        }

        return (record, annotations);
    }

    private static long[] PositiveSamples(IReadOnlyList<BeatAnnotation> annotations, MitBihLabelRule rule)
    {
        var symbols = rule.PositiveSymbols.Where(symbol => symbol.Length == 1).Select(symbol => symbol[0]).ToHashSet();
        return [.. annotations.Where(annotation => symbols.Contains(annotation.Symbol)).Select(annotation => annotation.SampleIndex).Order()];
    }

    /// <summary>1 positive, 0 negative, -1 ambiguous (a positive annotation only inside the edge margins).</summary>
    private static int Label(long[] positives, long windowStart, int length, int margin)
    {
        var first = Array.BinarySearch(positives, windowStart);
        if (first < 0)
        {
            first = ~first;
        }

        var windowEnd = windowStart + length;
        var any = false;
        for (var i = first; i < positives.Length && positives[i] < windowEnd; i++)
        {
            any = true;
            if (positives[i] >= windowStart + margin && positives[i] < windowEnd - margin)
            {
                return 1;
            }
        }

        return any ? -1 : 0;
    }
}
