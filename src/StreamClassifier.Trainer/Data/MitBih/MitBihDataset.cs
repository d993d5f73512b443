using System.Globalization;
using System.Text;

namespace StreamClassifier.Trainer.Data.MitBih;

/// <summary>Windows of every configured record, by split part, with the bookkeeping the model card needs.</summary>
internal sealed class MitBihDataset
{
    internal MitBihDataset(MitBihConfig config, string dataDir, IReadOnlyList<SegmentWindows> segments)
    {
        Config = config;
        DataDir = dataDir;
        Segments = segments;
        Train = Join(SplitPart.Train);
        Validation = Join(SplitPart.Validation);
        Test = Join(SplitPart.Test);
    }

    /// <summary>The configuration used.</summary>
    public MitBihConfig Config { get; }

    /// <summary>Where the records were read.</summary>
    public string DataDir { get; }

    /// <summary>Every stretch, in build order.</summary>
    public IReadOnlyList<SegmentWindows> Segments { get; }

    /// <summary>Training windows.</summary>
    public LabelledWindows Train { get; }

    /// <summary>Validation windows (later in time than every training window of the same record).</summary>
    public LabelledWindows Validation { get; }

    /// <summary>Held-out TEST windows.</summary>
    public LabelledWindows Test { get; }

    /// <summary>The label rule as a sentence.</summary>
    public string LabelRule => Config.Label.Describe(Config.SampleRateHz);

    /// <summary>Where the data came from.</summary>
    public string DataDescription =>
        $"MIT-BIH Arrhythmia Database (PhysioNet mitdb 1.0.0, ODC-By 1.0) records {string.Join(", ", Config.Records.Concat(Config.TestRecords))}, channels [{string.Join(", ", Config.Channels)}]"
        + (Config.RequiredFirstLead is { } lead ? $" (channel {Config.Channels[0]} = {lead})" : string.Empty)
        + $", {Config.SampleRateHz.ToString(CultureInfo.InvariantCulture)} Hz, windows of {Config.Window.Size} samples every {Config.Window.Hop}";

    /// <summary>The split with exact sample ranges and window counts.</summary>
    public string SplitDescription
    {
        get
        {
            var text = new StringBuilder();
            var train = Config.Split.TrainFraction;
            var validation = Config.Split.ValidationFraction;
            text.Append(CultureInfo.InvariantCulture, $"by time within each record (no window crosses a boundary; each part is filtered from a fresh state): first {train * 100:0.#}% train, next {validation * 100:0.#}% validation, last {(1 - train - validation) * 100:0.#}% held-out TEST");
            var example = Segments.FirstOrDefault(segment => segment.Part == SplitPart.Test && Config.Records.Contains(segment.Record));
            if (example is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $" (samples {example.StartSample}..{example.EndSample - 1}, from {TimeSpan.FromSeconds(example.StartSample / Config.SampleRateHz):mm\\:ss\\.f}, the part the worker demo replays)");
            }

            if (Config.TestRecords.Count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"; records {string.Join(", ", Config.TestRecords)} held out whole as TEST");
            }

            text.Append(CultureInfo.InvariantCulture, $"; windows train {Describe(Train)}, validation {Describe(Validation)}, test {Describe(Test)}");
            var ambiguous = Segments.Sum(segment => segment.AmbiguousDropped);
            if (ambiguous > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"; {ambiguous} ambiguous windows dropped");
            }

            return text.ToString();
        }
    }

    private static string Describe(LabelledWindows windows) =>
        string.Create(CultureInfo.InvariantCulture, $"{windows.Count} ({windows.PositiveCount} positive)");

    private LabelledWindows Join(SplitPart part)
    {
        var parts = Segments.Where(segment => segment.Part == part).Select(segment => segment.Windows).ToList();
        var first = Segments[0].Windows;
        return parts.Count == 0 ? new LabelledWindows([], [], first.Channels, first.Length) : LabelledWindows.Concat(parts);
    }
}
