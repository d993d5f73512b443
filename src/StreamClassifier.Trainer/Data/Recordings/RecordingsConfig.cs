using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamClassifier.Trainer.Data.Recordings;

/// <summary>
/// How a user's own recordings become labelled windows (<c>--dataset recordings:CONFIG</c>): the
/// recording CSVs (<c>sensor,t_ms,ch0..chN</c>), the events file (<c>sensor,start_ms,end_ms,label</c>),
/// the topology whose stream rule cuts the windows (the same rule the worker will run), the label rule
/// and the split by sensor. Read from JSON with snake_case keys; paths are relative to the config file.
/// docs/own-data.md describes every key.
/// </summary>
internal sealed record RecordingsConfig
{
    /// <summary>Model name written to the card; default: the config file's name.</summary>
    public string? Name { get; init; }

    /// <summary>The topology whose stream rule preprocesses and windows the recordings.</summary>
    public string Topology { get; init; } = string.Empty;

    /// <summary>The stream rule to use; may be omitted when the topology has one stream.</summary>
    public string? Stream { get; init; }

    /// <summary>Recording CSV files; a file name may contain <c>*</c> (e.g. <c>recordings/*.csv</c>).</summary>
    public IReadOnlyList<string> Recordings { get; init; } = [];

    /// <summary>The events CSV (<c>sensor,start_ms,end_ms,label</c>).</summary>
    public string Events { get; init; } = string.Empty;

    /// <summary>How windows are labelled from the events.</summary>
    public EventLabelRule Label { get; init; } = new();

    /// <summary>Which sensors validate and test.</summary>
    public SensorSplitSpec Split { get; init; } = new();

    /// <summary>The JSON form of the trainer's config files (<see cref="JsonConfigFile.Options"/>).</summary>
    public static JsonSerializerOptions JsonOptions => JsonConfigFile.Options;

    /// <summary>Reads and checks a config file.</summary>
    /// <exception cref="DatasetFormatException">The file is missing or invalid; the message names it and the key.</exception>
    public static RecordingsConfig Load(string path)
    {
        var config = JsonConfigFile.Read<RecordingsConfig>(
            path,
            JsonOptions,
            new ConfigFileMessages("recordings config", "the recordings config file does not exist. Write one as in docs/own-data.md.", "the recordings config is empty (null).", "See docs/own-data.md for the keys."),
            (message, inner) => inner is null ? new DatasetFormatException(message) : new DatasetFormatException(message, inner));
        config.Validate(path);
        return config;
    }

    /// <summary>Checks values JSON alone cannot.</summary>
    /// <exception cref="DatasetFormatException">A value is impossible; the message names the key and the fix.</exception>
    public void Validate(string source)
    {
        void Fail(string key, string what) => throw new DatasetFormatException($"{source}: {key}: {what}");
        if (string.IsNullOrWhiteSpace(Topology))
        {
            Fail("topology", "name the topology whose stream rule cuts the windows, e.g. \"topologies/pumps.yaml\".");
        }

        if (Recordings.Count == 0 || Recordings.Any(string.IsNullOrWhiteSpace))
        {
            Fail("recordings", "list the recording CSV files (sensor,t_ms,ch0..chN), e.g. [\"recordings/*.csv\"].");
        }

        if (string.IsNullOrWhiteSpace(Events))
        {
            Fail("events", "name the events CSV (sensor,start_ms,end_ms,label).");
        }

        if (Label is null || Label.PositiveLabels.Count == 0 || Label.PositiveLabels.Any(string.IsNullOrWhiteSpace))
        {
            Fail("label.positive_labels", "list the event labels that make a window positive, e.g. [\"fault\"].");
        }

        if (!(Label!.MinOverlap > 0 && Label.MinOverlap <= 1))
        {
            Fail("label.min_overlap", "must be in (0, 1], e.g. 0.5.");
        }

        Split?.Validate(source);
        if (Split is null)
        {
            Fail("split", "give validation_sensors/test_sensors or validation_fraction/test_fraction.");
        }
    }
}
