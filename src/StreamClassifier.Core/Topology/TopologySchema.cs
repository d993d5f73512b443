using StreamClassifier.Core.Models;

namespace StreamClassifier.Core.Topology;

/// <summary>
/// The keys a topology file may contain, per mapping, and the names of enumerated values. The loader
/// rejects any other key with this list; docs/configuration.md documents every path listed here (a
/// test holds the two together).
/// </summary>
public static class TopologySchema
{
    /// <summary>
    /// Allowed keys per mapping. The dictionary key is the mapping's path with list items written
    /// <c>[]</c> (the root is the empty string), e.g. <c>streams[].window</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> MappingKeys { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [""] = ["name", "delivery", "source", "batching", "streams", "sinks", "telemetry", "worker"],
        ["source"] = ["kafka"],
        ["source.kafka"] = ["bootstrap", "topic", "group", "format", "config", "max_record_bytes", "max_samples_per_record", "max_in_flight_records", "checkpoint_topic"],
        ["batching"] = ["max_batch", "max_delay_ms"],
        ["streams[]"] = ["name", "sensors", "sample_rate_hz", "channels", "filters", "window", "normalize", "model", "alert", "state"],
        ["streams[].filters[]"] = ["type", "cutoff_hz", "low_hz", "high_hz", "order", "freq_hz", "q"],
        ["streams[].window"] = ["size", "hop"],
        ["streams[].normalize"] = ["mean", "std"],
        ["streams[].model"] = ["path", "input_layout", "output", "watch", "streaming"],
        ["streams[].alert"] = ["threshold", "raise_after", "of_last", "clear_below", "clear_after", "cooldown_s"],
        ["streams[].state"] = ["gap_tolerance_samples", "idle_evict_s"],
        ["sinks"] = ["alerts", "dead_letter"],
        ["sinks.alerts"] = ["kafka", "console", "jsonl"],
        ["sinks.alerts.kafka"] = ["topic"],
        ["sinks.dead_letter"] = ["kafka"],
        ["sinks.dead_letter.kafka"] = ["topic"],
        ["telemetry"] = ["listen", "otlp_endpoint"],
        ["worker"] = ["shutdown_timeout_s", "scoring", "ready_max_lag_s"],
    };

    /// <summary>Keys each filter type takes besides <c>type</c>.</summary>
    public static IReadOnlyDictionary<FilterKind, IReadOnlyList<string>> FilterParameters { get; } = new Dictionary<FilterKind, IReadOnlyList<string>>
    {
        [FilterKind.Lowpass] = ["cutoff_hz", "order"],
        [FilterKind.Highpass] = ["cutoff_hz", "order"],
        [FilterKind.Bandpass] = ["low_hz", "high_hz", "order"],
        [FilterKind.Bandstop] = ["low_hz", "high_hz", "order"],
        [FilterKind.Notch] = ["freq_hz", "q"],
    };

    /// <summary>Values of <c>delivery</c>.</summary>
    public static IReadOnlyList<KeyValuePair<string, DeliveryMode>> DeliveryModes { get; } =
        [new("at_least_once", DeliveryMode.AtLeastOnce), new("exactly_once", DeliveryMode.ExactlyOnce)];

    /// <summary>Values of <c>source.kafka.format</c>.</summary>
    public static IReadOnlyList<KeyValuePair<string, RecordFormat>> RecordFormats { get; } =
        [new("json", RecordFormat.Json), new("protobuf", RecordFormat.Protobuf)];

    /// <summary>Values of <c>streams[].filters[].type</c>.</summary>
    public static IReadOnlyList<KeyValuePair<string, FilterKind>> FilterKinds { get; } =
        [new("lowpass", FilterKind.Lowpass), new("highpass", FilterKind.Highpass), new("bandpass", FilterKind.Bandpass), new("bandstop", FilterKind.Bandstop), new("notch", FilterKind.Notch)];

    /// <summary>Scalar values of <c>streams[].normalize</c> (the mapping form gives fixed mean/std).</summary>
    public static IReadOnlyList<KeyValuePair<string, NormalizationKind>> NormalizationKinds { get; } =
        [new("zscore", NormalizationKind.ZScore), new("none", NormalizationKind.None)];

    /// <summary>Values of <c>streams[].model.input_layout</c>.</summary>
    public static IReadOnlyList<KeyValuePair<string, InputLayout>> InputLayouts { get; } =
        [new("NCL", InputLayout.NCL), new("NLC", InputLayout.NLC)];

    /// <summary>Values of <c>worker.scoring</c>.</summary>
    public static IReadOnlyList<KeyValuePair<string, ScoringPlace>> ScoringPlaces { get; } =
        [new("thread", ScoringPlace.Thread), new("inline", ScoringPlace.Inline)];

    /// <summary>Values of <c>streams[].model.output</c>.</summary>
    public static IReadOnlyList<KeyValuePair<string, OutputKind>> OutputKinds { get; } =
        [new("probability", OutputKind.Probability), new("softmax2", OutputKind.Softmax2), new("logit", OutputKind.Logit)];

    /// <summary>Every key path the loader accepts, e.g. <c>streams[].window.hop</c>, in schema order.</summary>
    public static IEnumerable<string> AllKeyPaths =>
        MappingKeys.SelectMany(mapping => mapping.Value.Select(key => mapping.Key.Length == 0 ? key : mapping.Key + "." + key));
}
