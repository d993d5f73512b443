using System.Globalization;
using StreamClassifier.Core.Models;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;

namespace StreamClassifier.Trainer.Data.Recordings;

/// <summary>
/// A user's recordings and events as train, validation and test windows: each recording is cut by the
/// topology's stream rule through the worker's pipeline (<see cref="PipelineWindowCutter"/>), each
/// window labelled by <see cref="EventLabelRule"/>, and the sensors split by <see cref="SensorSplit"/>.
/// </summary>
internal static class RecordingsDataset
{
    /// <summary>Builds the dataset a <c>recordings:CONFIG</c> source names.</summary>
    /// <exception cref="DatasetFormatException">The config, topology, a recording or the events are unusable; the message says which and how to fix it.</exception>
    public static PreparedDataset Prepare(string configPath, int seed)
    {
        var config = RecordingsConfig.Load(configPath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? ".";
        var topologyPath = Path.GetFullPath(config.Topology, folder);
        var (topology, stream) = LoadStream(topologyPath, config.Stream, configPath);
        var events = EventsCsvReader.Read(Path.GetFullPath(config.Events, folder));
        var files = RecordingFiles(config.Recordings, folder, configPath);

        var bySensor = new Dictionary<string, SensorWindows>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var window in PipelineWindowCutter.Cut(topology, stream, file))
            {
                if (!bySensor.TryGetValue(window.SensorId, out var windows))
                {
                    windows = new SensorWindows();
                    bySensor.Add(window.SensorId, windows);
                }

                windows.Add(window, events.TryGetValue(window.SensorId, out var sensorEvents) ? sensorEvents : [], config.Label);
            }
        }

        if (events.Keys.FirstOrDefault(sensor => !bySensor.ContainsKey(sensor)) is { } unknown)
        {
            throw new DatasetFormatException($"{config.Events}: events name sensor '{unknown}', but no recording has a window of it (sensors: {string.Join(", ", bySensor.Keys.Order(StringComparer.Ordinal))}). Fix the sensor id or add its recording.");
        }

        var split = SensorSplit.Create(bySensor.Keys, config.Split, seed, configPath);
        var train = Collect(split.Train, bySensor, stream, "train", configPath, needBothClasses: true);
        var validation = Collect(split.Validation, bySensor, stream, "validation", configPath, needBothClasses: true);
        var test = split.Test.Count == 0 ? null : Collect(split.Test, bySensor, stream, "test", configPath, needBothClasses: false);
        var positive = string.Join("/", config.Label.PositiveLabels);
        var dropped = bySensor.Values.Sum(windows => windows.Ambiguous);
        return new PreparedDataset
        {
            Name = config.Name ?? Path.GetFileNameWithoutExtension(configPath),
            Train = train,
            Validation = validation,
            Test = test,
            LabelMapping = new Dictionary<string, int>(StringComparer.Ordinal) { [$"no {positive} event"] = 0, [$"{positive} event"] = 1 },
            DataDescription = string.Create(
                CultureInfo.InvariantCulture,
                $"own recordings: {files.Count} file(s) ({string.Join(", ", files.Select(Path.GetFileName))}), {bySensor.Count} sensor(s), events {Path.GetFileName(config.Events)}; windows cut by stream '{stream.Name}' of topology '{topology.Name}' ({Path.GetFileName(topologyPath)}) through the worker's pipeline; {dropped} ambiguous window(s) {(config.Label.DropAmbiguous ? "dropped" : "labelled 0")}"),
            SplitDescription = split.Description,
            LabelRule = config.Label.Describe(),
            SampleRateHz = stream.SampleRateHz,
            Preprocessing = new PreprocessingCard
            {
                Filters = stream.Filters,
                WindowHop = stream.Window.Hop,
                Normalize = stream.Normalize.Kind,
                Mean = stream.Normalize.Mean,
                Std = stream.Normalize.Std,
            },
        };
    }

    private static (TopologyDefinition Topology, StreamSpec Stream) LoadStream(string topologyPath, string? streamName, string configPath)
    {
        TopologyDefinition topology;
        try
        {
            topology = TopologyLoader.Load(topologyPath);
        }
        catch (TopologyException ex)
        {
            throw new DatasetFormatException($"{configPath}: topology: {ex.Message}", ex);
        }

        var names = string.Join(", ", topology.Streams.Select(stream => stream.Name));
        if (streamName is null)
        {
            return topology.Streams.Count == 1
                ? (topology, topology.Streams[0])
                : throw new DatasetFormatException($"{configPath}: stream: topology '{topology.Name}' has {topology.Streams.Count} streams ({names}); name the one to train for.");
        }

        return (topology, topology.Streams.FirstOrDefault(stream => stream.Name == streamName)
            ?? throw new DatasetFormatException($"{configPath}: stream: topology '{topology.Name}' has no stream '{streamName}' (streams: {names})."));
    }

    private static List<string> RecordingFiles(IReadOnlyList<string> patterns, string folder, string configPath)
    {
        var files = new List<string>();
        foreach (var pattern in patterns)
        {
            var full = Path.GetFullPath(pattern, folder);
            var name = Path.GetFileName(full);
            var directory = Path.GetDirectoryName(full) ?? folder;
            var matches = name.Contains('*', StringComparison.Ordinal)
                ? (Directory.Exists(directory) ? Directory.GetFiles(directory, name).Order(StringComparer.Ordinal).ToArray() : [])
                : File.Exists(full) ? [full] : [];
            if (matches.Length == 0)
            {
                throw new DatasetFormatException($"{configPath}: recordings: '{pattern}' matches no file (looked in {directory}).");
            }

            files.AddRange(matches.Where(match => !files.Contains(match, StringComparer.Ordinal)));
        }

        return files;
    }

    private static LabelledWindows Collect(IReadOnlyList<string> sensors, Dictionary<string, SensorWindows> bySensor, StreamSpec stream, string part, string configPath, bool needBothClasses)
    {
        var parts = sensors.Select(sensor => bySensor[sensor].ToLabelledWindows(stream.Channels.Count, stream.Window.Size)).Where(windows => windows.Count > 0).ToList();
        var windows = parts.Count == 0 ? new LabelledWindows([], [], stream.Channels.Count, stream.Window.Size) : LabelledWindows.Concat(parts);
        if (needBothClasses && (windows.PositiveCount == 0 || windows.PositiveCount == windows.Count))
        {
            throw new DatasetFormatException(string.Create(
                CultureInfo.InvariantCulture,
                $"{configPath}: split: the {part} sensors ({string.Join(", ", sensors)}) have {windows.PositiveCount} positive and {windows.Count - windows.PositiveCount} negative window(s); {part} needs both. Choose {part} sensors that have events, and stretches without."));
        }

        return windows;
    }

    /// <summary>One sensor's labelled windows, in time order.</summary>
    private sealed class SensorWindows
    {
        private readonly List<float[]> values = [];
        private readonly List<int> labels = [];

        public int Ambiguous { get; private set; }

        public void Add(SensorWindow window, IReadOnlyList<LabelledEvent> events, EventLabelRule rule)
        {
            var label = rule.Label(events, window.StartMs, window.EndMs);
            if (label < 0)
            {
                if (rule.DropAmbiguous)
                {
                    Ambiguous++;
                    return;
                }

                label = 0;
            }

            values.Add(window.Values);
            labels.Add(label);
        }

        public LabelledWindows ToLabelledWindows(int channels, int length) =>
            new([.. values.SelectMany(window => window)], [.. labels], channels, length);
    }
}
