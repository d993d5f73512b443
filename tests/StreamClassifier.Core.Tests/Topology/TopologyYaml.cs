using StreamClassifier.Core.Topology;

namespace StreamClassifier.Core.Tests.Topology;

/// <summary>A complete valid topology (the example) and helpers to break one thing at a time.</summary>
internal static class TopologyYaml
{
    public const string Source = "topologies/test.yaml";

    // Line numbers matter: tests assert line:column positions in this text.
    public const string Valid = """
        name: ecg-demo
        delivery: at_least_once
        source:
          kafka: {bootstrap: embedded, topic: sensors.ecg, group: ecg-classifier, format: json, config: {}, max_record_bytes: 1048576, max_samples_per_record: 100000, max_in_flight_records: 10000}
        batching: {max_batch: 32, max_delay_ms: 10}
        streams:
          - name: ecg
            sensors: "ecg-*"
            sample_rate_hz: 360
            channels: 1
            filters:
              - {type: bandpass, low_hz: 0.5, high_hz: 40, order: 4}
              - {type: notch, freq_hz: 60, q: 30}
            window: {size: 720, hop: 90}
            normalize: zscore
            model: {path: models/ecg.onnx, input_layout: NCL, output: probability}
            alert: {threshold: 0.8, raise_after: 3, of_last: 4, clear_below: 0.5, clear_after: 5, cooldown_s: 10}
            state: {gap_tolerance_samples: 1.5, idle_evict_s: 300}
        sinks:
          alerts: {kafka: {topic: alerts.ecg}, console: true, jsonl: out/alerts.jsonl}
          dead_letter: {kafka: {topic: sensors.ecg.dlq}}
        telemetry: {listen: "127.0.0.1:9464", otlp_endpoint: "${OTEL_EXPORTER_OTLP_ENDPOINT:-}"}
        """;

    public static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();

    /// <summary><see cref="Valid"/> with one exact piece of text replaced (which must be there).</summary>
    public static string Replace(string original, string replacement)
    {
        Assert.Contains(original, Valid, StringComparison.Ordinal);
        return Valid.Replace(original, replacement, StringComparison.Ordinal);
    }

    public static TopologyDefinition Load(string yaml, IReadOnlyDictionary<string, string>? environment = null) =>
        TopologyLoader.LoadFromString(yaml, Source, environment ?? NoEnvironment, baseDirectory: "/repo");

    /// <summary>Loads <paramref name="yaml"/>, expects it to fail, and returns the message.</summary>
    public static string Error(string yaml, IReadOnlyDictionary<string, string>? environment = null) =>
        Assert.Throws<TopologyException>(() => Load(yaml, environment)).Message;

    /// <summary>The 1-based "line:column" of the first occurrence of <paramref name="text"/> in <paramref name="yaml"/> at or after <paramref name="startAt"/>.</summary>
    public static string PositionOf(string yaml, string text, int startAt = 0)
    {
        var index = yaml.IndexOf(text, startAt, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{text}' is not in the YAML");
        var line = yaml[..index].Count(character => character == '\n') + 1;
        var column = index - (yaml.LastIndexOf('\n', Math.Max(index - 1, 0)) + 1) + 1;
        if (line == 1)
        {
            column = index + 1;
        }

        return $"{line}:{column}";
    }
}
