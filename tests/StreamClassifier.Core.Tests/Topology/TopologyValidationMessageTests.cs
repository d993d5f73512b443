using static StreamClassifier.Core.Tests.Topology.TopologyYaml;

namespace StreamClassifier.Core.Tests.Topology;

/// <summary>
/// One impossible value at a time in an otherwise valid topology: the message names the file, the
/// line:column of the value (located in the YAML text), the key path, the value and what was expected.
/// </summary>
public class TopologyValidationMessageTests
{
    [Theory]
    // Unknown keys: the allowed list and the closest suggestion.
    [InlineData("hop: 90", "hpo: 90", "hpo", "streams[0].window.hpo", "unknown key 'hpo' (did you mean 'hop'?); allowed keys here: size, hop")]
    [InlineData("delivery: at_least_once", "delivry: at_least_once", "delivry", "delivry", "unknown key 'delivry' (did you mean 'delivery'?); allowed keys here: name, delivery, source, batching, streams, sinks, telemetry, worker")]
    [InlineData("sample_rate_hz: 360", "sample_rate: 360", "sample_rate:", "streams[0].sample_rate", "unknown key 'sample_rate' (did you mean 'sample_rate_hz'?)")]
    [InlineData("console: true", "consol: true, colour: red", "colour", "sinks.alerts.colour", "unknown key 'colour'; allowed keys here: kafka, console, jsonl")]
    // Wrong types.
    [InlineData("sample_rate_hz: 360", "sample_rate_hz: fast", "fast", "streams[0].sample_rate_hz", "got 'fast', expected a sample rate in Hz above 0")]
    [InlineData("window: {size: 720, hop: 90}", "window: [720, 90]", "[720", "streams[0].window", "got a list ([ ... ]), expected a mapping with the keys size, hop")]
    [InlineData("size: 720", "size: 720.5", "720.5", "streams[0].window.size", "got '720.5', expected a whole number of samples per window")]
    [InlineData("console: true", "console: yes", "yes", "sinks.alerts.console", "got 'yes', expected true or false")]
    [InlineData("name: ecg\n", "name: [ecg]\n", "[ecg]", "streams[0].name", "got a list ([ ... ]), expected a stream name")]
    [InlineData("sample_rate_hz: 360", "sample_rate_hz: .nan", ".nan", "streams[0].sample_rate_hz", "got '.nan', expected a sample rate in Hz above 0")]
    // Non-positive rates, sizes and hops.
    [InlineData("sample_rate_hz: 360", "sample_rate_hz: 0", "0\n", "streams[0].sample_rate_hz", "got '0', expected a sample rate in Hz above 0")]
    [InlineData("sample_rate_hz: 360", "sample_rate_hz: -360", "-360", "streams[0].sample_rate_hz", "got '-360', expected a sample rate in Hz above 0")]
    [InlineData("size: 720", "size: 0", "0, hop", "streams[0].window.size", "got '0', expected a whole number of samples per window from 1 to")]
    [InlineData("hop: 90", "hop: 0", "0}", "streams[0].window.hop", "got '0', expected a whole number of samples between window starts >= 1")]
    [InlineData("hop: 90", "hop: 721", "721", "streams[0].window.hop", "got 721 with size 720, expected a hop from 1 to the window size")]
    [InlineData("max_batch: 32", "max_batch: 0", "0, max_delay", "batching.max_batch", "got '0', expected a whole number of windows from 1 to 65536")]
    [InlineData("max_record_bytes: 1048576", "max_record_bytes: -5", "-5", "source.kafka.max_record_bytes", "got '-5', expected a whole number of bytes >= 1")]
    [InlineData("idle_evict_s: 300", "idle_evict_s: 0", "0}", "streams[0].state.idle_evict_s", "got '0', expected a number of seconds above 0")]
    [InlineData("gap_tolerance_samples: 1.5", "gap_tolerance_samples: 0.5", "0.5", "streams[0].state.gap_tolerance_samples", "got '0.5', expected a number of sample periods above 1")]
    // Filters: order, Nyquist, band edges, q, parameters that do not apply.
    [InlineData("order: 4", "order: 9", "9}", "streams[0].filters[0].order", "got '9', expected a whole-number filter order from 1 to 8")]
    [InlineData("order: 4", "order: 0", "0}", "streams[0].filters[0].order", "got '0', expected a whole-number filter order from 1 to 8")]
    [InlineData("high_hz: 40", "high_hz: 180", "180", "streams[0].filters[0].high_hz", "got '180', expected a frequency in Hz above 0 and below the Nyquist frequency 180 Hz (sample_rate_hz / 2)")]
    [InlineData("low_hz: 0.5", "low_hz: 0", "0, high", "streams[0].filters[0].low_hz", "got '0', expected a frequency in Hz above 0 and below the Nyquist frequency 180 Hz")]
    [InlineData("low_hz: 0.5", "low_hz: 40", "40, high", "streams[0].filters[0].low_hz", "got low_hz 40 with high_hz 40, expected low_hz below high_hz")]
    [InlineData("{type: bandpass, low_hz: 0.5, high_hz: 40, order: 4}", "{type: lowpass, cutoff_hz: 200, order: 2}", "200", "streams[0].filters[0].cutoff_hz", "got '200', expected a frequency in Hz above 0 and below the Nyquist frequency 180 Hz")]
    [InlineData("{type: bandpass, low_hz: 0.5, high_hz: 40, order: 4}", "{type: highpass, cutoff_hz: -1, order: 2}", "-1", "streams[0].filters[0].cutoff_hz", "got '-1', expected a frequency in Hz above 0")]
    [InlineData("freq_hz: 60", "freq_hz: 180", "180", "streams[0].filters[1].freq_hz", "got '180', expected a frequency in Hz above 0 and below the Nyquist frequency 180 Hz")]
    [InlineData("q: 30", "q: 0", "0}", "streams[0].filters[1].q", "got '0', expected a quality factor above 0")]
    [InlineData("q: 30", "q: 30, order: 2", "2}", "streams[0].filters[1].order", "'order' does not apply to a notch filter; expected only freq_hz, q besides type")]
    [InlineData("type: bandpass", "type: bandpas", "bandpas", "streams[0].filters[0].type", "got 'bandpas' (did you mean 'bandpass'?), expected one of lowpass, highpass, bandpass, bandstop, notch")]
    [InlineData(", order: 4}", "}", "{type: bandpass", "streams[0].filters[0].order", "required key is missing; expected a whole-number filter order from 1 to 8")]
    // Channels.
    [InlineData("channels: 1", "channels: 0", "0\n", "streams[0].channels", "got '0', expected a channel count from 1 to 1024 (takes channels 0..n-1) or a list of distinct channel indexes >= 0")]
    [InlineData("channels: 1", "channels: [0, -1]", "-1", "streams[0].channels[1]", "got '-1', expected a channel index from 0 to 1023")]
    [InlineData("channels: 1", "channels: [2, 2]", "2]", "streams[0].channels[1]", "got channel 2 twice (also streams[0].channels[0]), expected each channel index once")]
    [InlineData("channels: 1", "channels: []", "[]", "streams[0].channels", "the list is empty, expected a channel count")]
    // Alert policy.
    [InlineData("raise_after: 3", "raise_after: 5", "5, of_last", "streams[0].alert.raise_after", "got raise_after 5 with of_last 4, expected raise_after at most of_last (k of the last n scores)")]
    [InlineData("clear_below: 0.5", "clear_below: 0.9", "0.9", "streams[0].alert.clear_below", "got clear_below 0.9 above threshold 0.8, expected clear_below at most the threshold (hysteresis)")]
    [InlineData("threshold: 0.8", "threshold: 1.5", "1.5", "streams[0].alert.threshold", "got '1.5', expected a probability from 0 to 1")]
    [InlineData("threshold: 0.8", "threshold: -0.1", "-0.1", "streams[0].alert.threshold", "got '-0.1', expected a probability from 0 to 1")]
    [InlineData("clear_below: 0.5", "clear_below: 2", "2, clear_after", "streams[0].alert.clear_below", "got '2', expected a probability from 0 to 1")]
    [InlineData("clear_after: 5", "clear_after: 0", "0, cooldown", "streams[0].alert.clear_after", "got '0', expected a whole number of scores from 1 to 1000")]
    [InlineData("cooldown_s: 10", "cooldown_s: -1", "-1", "streams[0].alert.cooldown_s", "got '-1', expected a number of seconds >= 0")]
    // Sensor globs.
    [InlineData("sensors: \"ecg-*\"", "sensors: \"ecg-[0-9]\"", "\"ecg-[", "streams[0].sensors", "got 'ecg-[0-9]': '[' is not glob syntax here (no character classes, alternatives or escapes); expected a glob on sensor ids using * (any run of characters) and ? (one character)")]
    [InlineData("sensors: \"ecg-*\"", "sensors: \"ecg *\"", "\"ecg *", "streams[0].sensors", "got 'ecg *': whitespace or control characters never occur in sensor ids")]
    [InlineData("sensors: \"ecg-*\"", "sensors: \"\"", "\"\"", "streams[0].sensors", "got an empty value, expected a glob on sensor ids")]
    // Normalisation.
    [InlineData("normalize: zscore", "normalize: {mean: [0, 1], std: [1, 1]}", "[0, 1]", "streams[0].normalize.mean", "got 2 values, expected 1 (one per channel) because the stream takes 1 channel")]
    [InlineData("normalize: zscore", "normalize: {mean: [0], std: [0]}", "0]}", "streams[0].normalize.std[0]", "got '0', expected a standard deviation above 0")]
    [InlineData("normalize: zscore", "normalize: {mean: [0]}", "{mean", "streams[0].normalize.std", "required key is missing; expected a list of 1 (one per channel) numbers")]
    [InlineData("normalize: zscore", "normalize: minmax", "minmax", "streams[0].normalize", "got 'minmax', expected one of zscore, none, or a mapping {mean: [..], std: [..]} for fixed normalisation")]
    // Enumerations.
    [InlineData("format: json", "format: avro", "avro", "source.kafka.format", "got 'avro', expected one of json, protobuf")]
    [InlineData("delivery: at_least_once", "delivery: once", "once", "delivery", "got 'once', expected one of at_least_once, exactly_once")]
    [InlineData("input_layout: NCL", "input_layout: NCW", "NCW", "streams[0].model.input_layout", "got 'NCW' (did you mean 'NCL'?), expected one of NCL, NLC")]
    [InlineData("output: probability", "output: sigmoid", "sigmoid", "streams[0].model.output", "got 'sigmoid', expected one of probability, softmax2, logit")]
    // Addresses and names.
    [InlineData("listen: \"127.0.0.1:9464\"", "listen: \"localhost\"", "\"localhost", "telemetry.listen", "got 'localhost', expected host:port with a port from 1 to 65535")]
    [InlineData("listen: \"127.0.0.1:9464\"", "listen: \"127.0.0.1:99999\"", "\"127.0.0.1:99999", "telemetry.listen", "got '127.0.0.1:99999', expected host:port")]
    [InlineData("otlp_endpoint: \"${OTEL_EXPORTER_OTLP_ENDPOINT:-}\"", "otlp_endpoint: \"collector:4317\"", "\"collector", "telemetry.otlp_endpoint", "got 'collector:4317', expected an absolute http:// or https:// URL")]
    [InlineData("bootstrap: embedded", "bootstrap: \"kafka-1:9092,kafka-2:x\"", "\"kafka-1", "source.kafka.bootstrap", "got 'kafka-1:9092,kafka-2:x': 'kafka-2:x' is not host:port with a port from 1 to 65535")]
    [InlineData("topic: alerts.ecg", "topic: \"alerts ecg\"", "\"alerts ecg", "sinks.alerts.kafka.topic", "got 'alerts ecg', expected a Kafka topic name")]
    [InlineData("name: ecg-demo", "name: ecg demo", "ecg demo", "name", "got 'ecg demo', expected letters, digits, '.', '_' and '-' only")]
    [InlineData("group: ecg-classifier", "group: \"ecg classifier\"", "\"ecg classifier", "source.kafka.group", "got 'ecg classifier', whose default checkpoint topic 'ecg classifier.checkpoints' is not a Kafka topic name")]
    // Kafka settings the worker owns.
    [InlineData("config: {}", "config: {enable.auto.commit: true}", "enable.auto.commit", "source.kafka.config.enable.auto.commit", "'enable.auto.commit' cannot be set here: the worker commits offsets itself, only after the work they cover is done; remove it")]
    [InlineData("config: {}", "config: {sasl.mechanism: {x: 1}}", "{x: 1}", "source.kafka.config.sasl.mechanism", "got a mapping ({ key: value }), expected a single value (librdkafka settings are strings)")]
    public void An_impossible_value_is_reported_with_file_position_path_value_and_expectation(string original, string replacement, string locator, string keyPath, string detail)
    {
        var yaml = Replace(original, replacement);

        var message = Error(yaml);

        // The locator is searched from where the replacement went in, so it points at the changed value.
        var position = PositionOf(yaml, locator, yaml.IndexOf(replacement, StringComparison.Ordinal));
        Assert.StartsWith($"Topology '{Source}' is not valid (", message, StringComparison.Ordinal);
        Assert.Contains($"\n  - {Source}:{position}: {keyPath}: {detail}", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name: ecg-demo\n", "", "name", "required key is missing; expected a topology name")]
    [InlineData("      - {type: notch, freq_hz: 60, q: 30}\n", "", "", "")]
    [InlineData("    window: {size: 720, hop: 90}\n", "", "streams[0].window", "required key is missing; expected a mapping {size: samples per window, hop: samples between window starts}")]
    [InlineData("    sample_rate_hz: 360\n", "", "streams[0].sample_rate_hz", "required key is missing; expected a sample rate in Hz")]
    [InlineData("topic: sensors.ecg, ", "", "source.kafka.topic", "required key is missing; expected a Kafka topic name")]
    public void A_missing_required_key_is_reported_at_its_mapping(string original, string replacement, string keyPath, string detail)
    {
        var yaml = Replace(original, replacement);
        if (keyPath.Length == 0)
        {
            // Dropping an optional entry (the notch) keeps the topology valid.
            Assert.Single(Load(yaml).Streams[0].Filters);
            return;
        }

        var message = Error(yaml);

        Assert.Contains($": {keyPath}: {detail}", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_stream_names_and_unreachable_rules_are_reported()
    {
        var yaml = Valid.Replace("sinks:", """
              - name: ecg
                sensors: "ecg-*"
                sample_rate_hz: 360
                channels: 1
                window: {size: 720, hop: 90}
              - name: rest
                sensors: "*"
                sample_rate_hz: 100
                channels: 1
                window: {size: 100, hop: 10}
              - name: never
                sensors: "x-*"
                sample_rate_hz: 100
                channels: 1
                window: {size: 100, hop: 10}
            sinks:
            """, StringComparison.Ordinal);

        var message = Error(yaml);

        Assert.Contains("(3 problems)", message, StringComparison.Ordinal);
        Assert.Contains("streams[1].name: got duplicate stream name 'ecg' (also streams[0].name), expected a name unique in the topology", message, StringComparison.Ordinal);
        Assert.Contains("streams[1].sensors: 'ecg-*' can never match: streams[0].sensors 'ecg-*' comes first", message, StringComparison.Ordinal);
        Assert.Contains("streams[3].sensors: 'x-*' can never match: streams[2].sensors '*' comes first and takes every such sensor", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_streams_are_reported()
    {
        var yaml = Valid[..Valid.IndexOf("streams:", StringComparison.Ordinal)] + "streams: []\n" + Valid[Valid.IndexOf("sinks:", StringComparison.Ordinal)..];

        var message = Error(yaml);

        Assert.Contains($"{Source}:6:10: streams: the list is empty, expected a list of stream rules", message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_errors_are_collected_in_one_message()
    {
        var yaml = Valid
            .Replace("hop: 90", "hop: 0", StringComparison.Ordinal)
            .Replace("q: 30", "q: -2", StringComparison.Ordinal)
            .Replace("format: json", "format: xml", StringComparison.Ordinal)
            .Replace("console: true", "console: maybe", StringComparison.Ordinal);

        var exception = Assert.Throws<Core.Topology.TopologyException>(() => Load(yaml));

        Assert.Equal(4, exception.Errors.Count);
        Assert.StartsWith($"Topology '{Source}' is not valid (4 problems):", exception.Message, StringComparison.Ordinal);
        Assert.Equal(
            ["source.kafka.format", "streams[0].filters[1].q", "streams[0].window.hop", "sinks.alerts.console"],
            exception.Errors.Select(error => error.KeyPath));
        Assert.All(exception.Errors, error => Assert.Contains($"  - {error}", exception.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Kafka_topics_must_differ_by_role()
    {
        var yaml = Replace("topic: sensors.ecg.dlq", "topic: sensors.ecg");

        var message = Error(yaml);

        Assert.Contains("sinks.dead_letter.kafka.topic: topic 'sensors.ecg' is also source.kafka.topic; each role needs its own topic", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exactly_once_needs_a_kafka_alerts_topic()
    {
        var yaml = Replace("delivery: at_least_once", "delivery: exactly_once").Replace("kafka: {topic: alerts.ecg}, ", string.Empty, StringComparison.Ordinal);

        var message = Error(yaml);

        Assert.Contains($"{Source}:2:11: delivery: exactly_once needs Kafka alerts", message, StringComparison.Ordinal);
        Assert.Contains("set sinks.alerts.kafka.topic or use delivery: at_least_once", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alert_policy_without_a_model_is_reported()
    {
        var yaml = Replace("    model: {path: models/ecg.onnx, input_layout: NCL, output: probability}\n", string.Empty);

        var message = Error(yaml);

        Assert.Contains("streams[0].alert: a stream without a model has no scores to alert on; add model: {path: ...} or remove alert", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_yaml_names_the_position()
    {
        var message = Error("name: ecg\nstreams: [a, b\n");

        Assert.Matches(@"topologies/test\.yaml:\d+:\d+: not valid YAML: .*quote values containing", message);
    }

    [Fact]
    public void A_duplicate_key_names_the_key_and_its_line()
    {
        var message = Error(Replace("name: ecg-demo\n", "name: ecg-demo\nname: again\n"));

        Assert.Contains($"{Source}:2:1: not valid YAML: duplicate key 'name'; each key may appear only once in a mapping", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_or_a_list_at_the_top_is_reported()
    {
        Assert.Contains("the topology is empty; expected a mapping with at least name, source and streams", Error("# nothing here\n"), StringComparison.Ordinal);
        Assert.Contains($"{Source}:1:1: got a list ([ ... ]), expected a mapping with the keys name, delivery, source", Error("- name: x\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Several_documents_in_one_file_are_reported()
    {
        var message = Error(Valid + "\n---\nname: other\n");

        Assert.Contains("found 2 YAML documents, expected one topology per file", message, StringComparison.Ordinal);
    }
}
