using StreamClassifier.Core.Models;
using StreamClassifier.Core.Topology;

using static StreamClassifier.Core.Tests.Topology.TopologyYaml;

namespace StreamClassifier.Core.Tests.Topology;

public class TopologyLoaderTests
{
    private const string Minimal = """
        name: minimal
        source:
          kafka: {bootstrap: "kafka-1:9092,SASL_SSL://kafka-2:9093", topic: in, group: g}
        streams:
          - name: s
            sensors: "*"
            sample_rate_hz: 100
            channels: 2
            window: {size: 50, hop: 50}
        """;

    [Fact]
    public void The_issue_example_maps_every_value()
    {
        var topology = Load(Valid);

        Assert.Equal("ecg-demo", topology.Name);
        Assert.Equal(Source, topology.FilePath);
        Assert.Equal(DeliveryMode.AtLeastOnce, topology.Delivery);
        var kafka = topology.Source.Kafka;
        Assert.True(kafka.IsEmbedded);
        Assert.Equal(("sensors.ecg", "ecg-classifier", RecordFormat.Json), (kafka.Topic, kafka.Group, kafka.Format));
        Assert.Empty(kafka.Config);
        Assert.Equal((1_048_576, 100_000, 10_000), (kafka.MaxRecordBytes, kafka.MaxSamplesPerRecord, kafka.MaxInFlightRecords));
        Assert.Equal(new BatchingSpec { MaxBatch = 32, MaxDelayMs = 10 }, topology.Batching);

        var stream = Assert.Single(topology.Streams);
        Assert.Equal(("ecg", "ecg-*", 360.0, 0, "streams[0]"), (stream.Name, stream.Sensors, stream.SampleRateHz, stream.Index, stream.KeyPath));
        Assert.Equal([0], stream.Channels);
        Assert.Equal([FilterSpec.Bandpass(0.5, 40, 4), FilterSpec.Notch(60, 30)], stream.Filters);
        Assert.Equal(new WindowSpec(720, 90), stream.Window);
        Assert.Equal(NormalizationSpec.ZScore, stream.Normalize);
        Assert.Equal(new ModelSpec { Path = "models/ecg.onnx", InputLayout = InputLayout.NCL, Output = OutputKind.Probability }, stream.Model);
        Assert.Equal(new AlertPolicySpec { Threshold = 0.8, RaiseAfter = 3, OfLast = 4, ClearBelow = 0.5, ClearAfter = 5, CooldownS = 10 }, stream.Alert);
        Assert.Equal(new SensorStateSpec { GapToleranceSamples = 1.5, IdleEvictionS = 300 }, stream.State);

        Assert.Equal(new SinksSpec { AlertsTopic = "alerts.ecg", Console = true, Jsonl = "out/alerts.jsonl", DeadLetterTopic = "sensors.ecg.dlq" }, topology.Sinks);
        Assert.Equal(new TelemetrySpec { Listen = "127.0.0.1:9464", OtlpEndpoint = null }, topology.Telemetry);
        Assert.Same(stream, topology.FindStream("ecg-106"));
        Assert.Null(topology.FindStream("eeg-1"));
    }

    [Fact]
    public void Optional_sections_take_their_documented_defaults()
    {
        var topology = Load(Minimal);

        Assert.Equal(DeliveryMode.AtLeastOnce, topology.Delivery);
        Assert.False(topology.Source.Kafka.IsEmbedded);
        Assert.Equal(RecordFormat.Json, topology.Source.Kafka.Format);
        Assert.Equal("g.checkpoints", topology.Source.Kafka.EffectiveCheckpointTopic);
        Assert.Equal(new BatchingSpec(), topology.Batching);
        Assert.Equal(new SinksSpec(), topology.Sinks);
        Assert.Equal(new TelemetrySpec(), topology.Telemetry);
        Assert.Equal(30, topology.Worker.ShutdownTimeoutS);
        var stream = Assert.Single(topology.Streams);
        Assert.Equal([0, 1], stream.Channels);
        Assert.Empty(stream.Filters);
        Assert.Equal(NormalizationSpec.ZScore, stream.Normalize);
        Assert.Null(stream.Model);
        Assert.Null(stream.Alert);
        Assert.Equal(new SensorStateSpec(), stream.State);
    }

    [Fact]
    public void Channel_lists_fixed_normalisation_and_never_resetting_gaps_are_read()
    {
        var yaml = Minimal.Replace("channels: 2", """
            channels: [3, 1]
                normalize: {mean: [0.5, -1e-3], std: [2, 0.25]}
                state: {gap_tolerance_samples: never}
                model: {path: /abs/m.onnx, watch: false}
                alert: {raise_after: 3, clear_below: 0.2}
            """, StringComparison.Ordinal);

        var stream = Assert.Single(Load(yaml).Streams);

        Assert.Equal([3, 1], stream.Channels);
        Assert.Equal(new NormalizationSpec(NormalizationKind.Fixed, [0.5, -0.001], [2, 0.25]), stream.Normalize);
        Assert.Null(stream.State.GapToleranceSamples);
        Assert.Equal(new ModelSpec { Path = "/abs/m.onnx", Watch = false }, stream.Model);
        // of_last defaults to raise_after; an absent threshold means the model card's.
        Assert.Equal(new AlertPolicySpec { Threshold = null, RaiseAfter = 3, OfLast = 3, ClearBelow = 0.2, ClearAfter = 1, CooldownS = 0 }, stream.Alert);
    }

    [Fact]
    public void Kafka_config_passes_through_as_strings_after_substitution()
    {
        var yaml = Minimal.Replace("  kafka: {bootstrap: \"kafka-1:9092,SASL_SSL://kafka-2:9093\", topic: in, group: g}", """
              kafka:
                bootstrap: ${KAFKA_BOOTSTRAP}
                topic: in
                group: g
                format: protobuf
                checkpoint_topic: g.state
                config:
                  security.protocol: SASL_SSL
                  sasl.mechanism: PLAIN
                  sasl.username: ${KAFKA_USER:-worker}
                  sasl.password: ${KAFKA_PASSWORD}
                  socket.keepalive.enable: true
                  fetch.max.bytes: 52428800
            """, StringComparison.Ordinal);
        var environment = new Dictionary<string, string> { ["KAFKA_BOOTSTRAP"] = "broker:9093", ["KAFKA_PASSWORD"] = "s3cr3t$" };

        var kafka = Load(yaml, environment).Source.Kafka;

        Assert.Equal("broker:9093", kafka.Bootstrap);
        Assert.Equal(RecordFormat.Protobuf, kafka.Format);
        Assert.Equal("g.state", kafka.EffectiveCheckpointTopic);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["security.protocol"] = "SASL_SSL",
                ["sasl.mechanism"] = "PLAIN",
                ["sasl.username"] = "worker",
                ["sasl.password"] = "s3cr3t$",
                ["socket.keepalive.enable"] = "true",
                ["fetch.max.bytes"] = "52428800",
            },
            kafka.Config);
    }

    [Fact]
    public void A_missing_variable_names_the_file_key_path_and_variable()
    {
        var yaml = Replace("config: {}", "config: {sasl.password: \"${KAFKA_PASSWORD}\"}");

        var message = Error(yaml);

        Assert.Contains(
            $"{Source}:{PositionOf(yaml, "\"${KAFKA_PASSWORD}")}: source.kafka.config.sasl.password: environment variable KAFKA_PASSWORD is not set (referenced as '${{KAFKA_PASSWORD}}'); set it, or give a default with ${{KAFKA_PASSWORD:-default}}",
            message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Substitution_happens_before_values_are_parsed_and_checked()
    {
        var yaml = Replace("sample_rate_hz: 360", "sample_rate_hz: ${RATE:-360}")
            .Replace("listen: \"127.0.0.1:9464\"", "listen: \"${LISTEN}\"", StringComparison.Ordinal);

        var defaults = Load(yaml, new Dictionary<string, string> { ["LISTEN"] = "0.0.0.0:9000" });
        var overridden = Load(yaml, new Dictionary<string, string> { ["RATE"] = "500", ["LISTEN"] = "[::1]:9464", ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4317" });
        var wrong = Error(yaml, new Dictionary<string, string> { ["RATE"] = "fast", ["LISTEN"] = "x" });

        Assert.Equal(360, defaults.Streams[0].SampleRateHz);
        Assert.Equal("0.0.0.0:9000", defaults.Telemetry.Listen);
        Assert.Null(defaults.Telemetry.OtlpEndpoint);
        Assert.Equal(500, overridden.Streams[0].SampleRateHz);
        Assert.Equal("[::1]:9464", overridden.Telemetry.Listen);
        Assert.Equal("http://collector:4317", overridden.Telemetry.OtlpEndpoint);
        Assert.Contains("streams[0].sample_rate_hz: got 'fast', expected a sample rate in Hz above 0", wrong, StringComparison.Ordinal);
        Assert.Contains("telemetry.listen: got 'x', expected host:port", wrong, StringComparison.Ordinal);
    }

    [Fact]
    public void An_environment_value_cannot_change_the_document_structure()
    {
        var yaml = Replace("jsonl: out/alerts.jsonl", "jsonl: \"${OUT}\"");

        var topology = Load(yaml, new Dictionary<string, string> { ["OUT"] = "a.jsonl\nstreams: []\n{x: 1}" });

        Assert.Equal("a.jsonl\nstreams: []\n{x: 1}", topology.Sinks.Jsonl);
        Assert.Single(topology.Streams);
    }

    [Fact]
    public void The_process_environment_is_used_when_none_is_given()
    {
        var variable = "STREAMCLASSIFIER_TEST_GROUP_" + Environment.ProcessId;
        Environment.SetEnvironmentVariable(variable, "from-process");
        try
        {
            var yaml = Replace("group: ecg-classifier", $"group: \"${{{variable}}}\"");

            var topology = TopologyLoader.LoadFromString(yaml, Source);

            Assert.Equal("from-process", topology.Source.Kafka.Group);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Relative_paths_resolve_against_the_repository_when_the_file_is_in_topologies()
    {
        var root = Directory.CreateTempSubdirectory("topology-base-");
        try
        {
            var inTopologies = Directory.CreateDirectory(Path.Combine(root.FullName, "repo", "topologies")).FullName;
            var elsewhere = Directory.CreateDirectory(Path.Combine(root.FullName, "deploy", "conf")).FullName;
            File.WriteAllText(Path.Combine(inTopologies, "t.yaml"), Valid);
            File.WriteAllText(Path.Combine(elsewhere, "t.yaml"), Valid);

            var repoTopology = TopologyLoader.Load(Path.Combine(inTopologies, "t.yaml"), NoEnvironment);
            var plainTopology = TopologyLoader.Load(Path.Combine(elsewhere, "t.yaml"), NoEnvironment);

            var repo = Path.Combine(root.FullName, "repo");
            Assert.Equal(repo, repoTopology.BaseDirectory);
            Assert.Equal(Path.Combine(repo, "models", "ecg.onnx"), repoTopology.ResolvePath(repoTopology.Streams[0].Model!.Path));
            Assert.Equal(Path.Combine(repo, "out", "alerts.jsonl"), repoTopology.ResolvePath(repoTopology.Sinks.Jsonl!));
            Assert.Equal(elsewhere, plainTopology.BaseDirectory);
            Assert.Equal(Path.Combine(elsewhere, "models", "ecg.onnx"), plainTopology.ResolvePath("models/ecg.onnx"));
            Assert.Equal("/abs/model.onnx", plainTopology.ResolvePath("/abs/model.onnx"));
            Assert.Equal(Path.Combine(inTopologies, "t.yaml"), repoTopology.FilePath);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Base_directory_follows_the_source_name_unless_given()
    {
        Assert.Equal(Path.GetFullPath("."), TopologyLoader.BaseDirectoryFor("topologies/x.yaml"));
        Assert.Equal(Path.GetFullPath("conf"), TopologyLoader.BaseDirectoryFor("conf/x.yaml"));
        Assert.Equal("/repo", Load(Valid).BaseDirectory);
        Assert.Equal(Path.GetFullPath("."), TopologyLoader.LoadFromString(Valid, "topologies/x.yaml", NoEnvironment).BaseDirectory);
    }

    [Fact]
    public void A_missing_file_says_where_it_was_looked_for()
    {
        var exception = Assert.Throws<TopologyException>(() => TopologyLoader.Load("topologies/does-not-exist.yaml"));

        Assert.Contains("Topology 'topologies/does-not-exist.yaml' is not valid (1 problem):", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"the topology file does not exist (looked at '{Path.GetFullPath("topologies/does-not-exist.yaml")}')", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exactly_once_and_worker_settings_are_read()
    {
        var yaml = Replace("delivery: at_least_once", "delivery: exactly_once\nworker: {shutdown_timeout_s: 12.5}");

        var topology = Load(yaml);

        Assert.Equal(DeliveryMode.ExactlyOnce, topology.Delivery);
        Assert.Equal(12.5, topology.Worker.ShutdownTimeoutS);
    }
}
