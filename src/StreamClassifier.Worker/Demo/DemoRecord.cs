using StreamClassifier.Core.Recordings;
using StreamClassifier.Core.Records;

namespace StreamClassifier.Worker.Demo;

/// <summary>One annotated WFDB record the demo replays as its own sensor.</summary>
internal sealed class DemoRecord
{
    private DemoRecord(string name, string sensorId, double sampleRateHz, int sampleCount, IReadOnlyList<BeatAnnotation> annotations, IReadOnlyList<SampleChunk> chunks)
    {
        Name = name;
        SensorId = sensorId;
        SampleRateHz = sampleRateHz;
        SampleCount = sampleCount;
        Annotations = annotations;
        Chunks = chunks;
    }

    /// <summary>Record name, e.g. <c>106</c>.</summary>
    public string Name { get; }

    /// <summary>Sensor id it is replayed as: <c>ecg-&lt;name&gt;</c> (the demo topology's <c>ecg-*</c> rule).</summary>
    public string SensorId { get; }

    /// <summary>Samples per second.</summary>
    public double SampleRateHz { get; }

    /// <summary>Samples replayed (the record, or its first <c>--max-signal</c>).</summary>
    public int SampleCount { get; }

    /// <summary>Signal replayed, seconds.</summary>
    public double DurationSeconds => SampleCount / SampleRateHz;

    /// <summary>The reference annotations (<c>.atr</c>), times in samples from the record's start.</summary>
    public IReadOnlyList<BeatAnnotation> Annotations { get; }

    /// <summary>The samples cut into records, in time order.</summary>
    public IReadOnlyList<SampleChunk> Chunks { get; }

    /// <summary>Reads <c>&lt;folder&gt;/&lt;name&gt;.hea/.dat/.atr</c> and cuts it into chunks of <paramref name="samplesPerRecord"/> samples starting at <paramref name="startMs"/>.</summary>
    /// <exception cref="WfdbFormatException">A file is missing or malformed; the message names it.</exception>
    public static DemoRecord Load(string folder, string name, double startMs, int samplesPerRecord, TimeSpan? maxSignal)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerRecord, 1);
        var recordPath = Path.Combine(folder, name);
        var record = WfdbRecord.Read(recordPath);
        var annotationsPath = recordPath + ".atr";
        if (!File.Exists(annotationsPath))
        {
            throw new WfdbFormatException($"{annotationsPath}: record {name} has no reference annotations; the demo scores alerts against them. Pick records with a .atr file.");
        }

        // The demo model reads lead MLII as channel 0 (topologies/ecg-demo.yaml); records 102 and 104
        // start with V5, on which the model's scores mean nothing.
        if (record.SignalNames.Length == 0 || record.SignalNames[0] != "MLII")
        {
            throw new WfdbFormatException($"{recordPath}.hea: record {name}'s first signal is {(record.SignalNames.Length == 0 ? "unnamed" : record.SignalNames[0])}, but the demo replays channel 0 as lead MLII (what the ECG model was trained on). Pick records whose first signal is MLII.");
        }

        var annotations = WfdbAnnotations.Read(annotationsPath);
        var sampleCount = maxSignal is { } limit ? (int)Math.Min(record.SampleCount, Math.Round(limit.TotalSeconds * record.SampleRateHz)) : record.SampleCount;
        var sensorId = "ecg-" + record.Name;
        var chunks = new List<SampleChunk>();
        for (var row = 0; row < sampleCount; row += samplesPerRecord)
        {
            var rows = Math.Min(samplesPerRecord, sampleCount - row);
            chunks.Add(new SampleChunk(sensorId, startMs + (row * 1000.0 / record.SampleRateHz), record.SampleRateHz, record.Channels, record.Rows(row, rows).ToArray()));
        }

        return new DemoRecord(record.Name, sensorId, record.SampleRateHz, sampleCount, annotations, chunks);
    }

    /// <summary>The record names in <paramref name="folder"/> that have a header and annotations, in order.</summary>
    public static IReadOnlyList<string> Available(string folder) =>
        Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*.hea")
                .Select(Path.GetFileNameWithoutExtension)
                .OfType<string>()
                .Where(name => File.Exists(Path.Combine(folder, name + ".atr")))
                .Order(StringComparer.Ordinal)]
            : [];
}
