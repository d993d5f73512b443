using System.Reactive.Concurrency;
using System.Reactive.Linq;
using Confluent.Kafka;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Alerts;
using StreamClassifier.Kafka.Replay;
using StreamClassifier.Onnx;
using StreamClassifier.Onnx.Export;
using StreamClassifier.Onnx.Scoring;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Events;

namespace StreamClassifier.Kafka.Tests.Support;

/// <summary>A model, a topology file and a recording in a temp folder, plus the offline expectation.</summary>
public sealed class WorkerSetup : IDisposable
{
    private WorkerSetup(TempFolder folder, string topologyPath, TopologyDefinition topology, Recording recording)
    {
        Folder = folder;
        TopologyPath = topologyPath;
        Topology = topology;
        Recording = recording;
    }

    /// <summary>The folder.</summary>
    public TempFolder Folder { get; }

    /// <summary>The topology YAML.</summary>
    public string TopologyPath { get; }

    /// <summary>The loaded topology.</summary>
    public TopologyDefinition Topology { get; }

    /// <summary>The recording (chunks as replay publishes them).</summary>
    public Recording Recording { get; }

    /// <summary>The recording CSV path.</summary>
    public string CsvPath => Folder.File("rec.csv");

    /// <summary>
    /// Creates the files. Sensors ecg-0..n-1 at 250 Hz, one channel, bursts that raise and clear alerts.
    /// <paramref name="config"/> replaces the librdkafka settings (the inside of <c>source.kafka.config</c>'s braces).
    /// </summary>
    public static WorkerSetup Create(string bootstrap, string group, int sensors = 6, int samplesPerSensor = 2000, string delivery = "at_least_once", int chunk = 50, int maxInFlight = 200, int maxRecordBytes = 1048576, int maxSamplesPerRecord = 100000, int sessionTimeoutMs = 6000, string? config = null)
    {
        config ??= $"session.timeout.ms: \"{sessionTimeoutMs}\", heartbeat.interval.ms: \"500\"";
        var folder = new TempFolder();
        BuildModel(folder.File("model.onnx"));
        var yaml = $$$"""
            name: kafka-test
            delivery: {{{delivery}}}
            source:
              kafka:
                bootstrap: "{{{bootstrap}}}"
                topic: sensors
                group: {{{group}}}
                format: json
                config: {{{{config}}}}
                max_in_flight_records: {{{maxInFlight}}}
                max_record_bytes: {{{maxRecordBytes}}}
                max_samples_per_record: {{{maxSamplesPerRecord}}}
            batching: {max_batch: 16, max_delay_ms: 5}
            streams:
              - name: ecg
                sensors: "ecg-*"
                sample_rate_hz: 250
                channels: [0]
                window: {size: 32, hop: 16}
                normalize: none
                model: {path: model.onnx, input_layout: NCL, output: probability}
                alert: {threshold: 0.5, raise_after: 1, of_last: 1, clear_after: 1}
            sinks:
              alerts: {kafka: {topic: alerts}}
              dead_letter: {kafka: {topic: dlq}}
            """;
        var topologyPath = folder.File("topology.yaml");
        File.WriteAllText(topologyPath, yaml);
        File.WriteAllText(folder.File("rec.csv"), Recordings.Csv([.. Enumerable.Range(0, sensors).Select(i => $"ecg-{i}")], samplesPerSensor, 250));
        var topology = TopologyLoader.Load(topologyPath);
        return new WorkerSetup(folder, topologyPath, topology, RecordingCsv.Read(folder.File("rec.csv"), chunk));
    }

    /// <summary>The alert ids the pipeline computes offline (no Kafka) for the recording: the oracle.</summary>
    public HashSet<string> OfflineAlertIds()
    {
        using var scorer = OnnxWindowScorer.LoadForStream(Topology, 0);
        using var pipeline = new ClassificationPipeline(Topology, new Dictionary<string, IWindowScorer> { ["ecg"] = scorer }, new HistoricalScheduler());
        var events = pipeline.Process(Recording.Chunks.ToObservable(ImmediateScheduler.Instance)).ToList().Wait();
        return [.. events.OfType<AlertEmitted>().Select(e => e.Alert.AlertId)];
    }

    /// <summary>The alert ids <c>streamclassifier score</c> (the offline command, another process) writes for the recording.</summary>
    public HashSet<string> ScoreCommandAlertIds()
    {
        var output = Folder.File("score.jsonl");
        using var score = WorkerProcess.Start("score", "--topology", TopologyPath, "--input", CsvPath, "--output", output);
        var exit = score.WaitForExit(TimeSpan.FromSeconds(60), "streamclassifier score");
        if (exit != 0)
        {
            throw new InvalidOperationException($"streamclassifier score exited with {exit}:\n{score.Output}\n{score.Errors}");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(output))
        {
            using var document = System.Text.Json.JsonDocument.Parse(line);
            if (document.RootElement.GetProperty("type").GetString() == "alert")
            {
                ids.Add(document.RootElement.GetProperty("alert_id").GetString()!);
            }
        }

        return ids;
    }

    /// <summary>Creates the topics a worker needs on a cluster.</summary>
    public static void CreateTopics(Kafka.Embedded.EmbeddedKafkaCluster cluster, string group)
    {
        cluster.CreateTopic("sensors", 4);
        cluster.CreateTopic(group + ".checkpoints", 4);
        cluster.CreateTopic("alerts", 4);
        cluster.CreateTopic("dlq", 1);
    }

    /// <summary>Alert ids on the alerts topic (all of them, duplicates included), read until <paramref name="until"/> holds or the timeout passes.</summary>
    public static List<string> ReadAlertIds(string bootstrap, Func<List<string>, bool> until, TimeSpan timeout, bool readCommitted = false)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "alert-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            IsolationLevel = readCommitted ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        consumer.Subscribe("alerts");
        var ids = new List<string>();
        var deadline = DateTime.UtcNow + timeout;
        while (!until(ids) && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is { IsPartitionEOF: false, Message.Value: { } value })
            {
                ids.Add(AlertJson.Deserialize(value).AlertId);
            }
        }

        consumer.Close();
        return ids;
    }

    /// <summary>Waits (bounded) until the group's committed offsets on "sensors" reach the end of every partition.</summary>
    public static void WaitForCommittedToReachEnd(string bootstrap, string group, TimeSpan timeout)
    {
        using var admin = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = group, EnableAutoCommit = false }).Build();
        var partitions = Enumerable.Range(0, 4).Select(p => new TopicPartition("sensors", p)).ToList();
        var deadline = DateTime.UtcNow + timeout;
        string lag = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            var committed = admin.Committed(partitions, TimeSpan.FromSeconds(5));
            var ends = partitions.Select(tp => admin.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(5)).High.Value).ToList();
            lag = string.Join(", ", committed.Select((c, i) => $"[{i}] {c.Offset.Value}/{ends[i]}"));
            if (committed.Select((c, i) => ends[i] == 0 || c.Offset.Value == ends[i]).All(done => done))
            {
                return;
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"The group's committed offsets did not reach the end of 'sensors' within {timeout.TotalSeconds:0} s: {lag}.");
    }

    /// <summary>The end offset of every partition of "sensors".</summary>
    public static Dictionary<int, long> SourceEndOffsets(string bootstrap)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "end-offsets-" + Guid.NewGuid().ToString("N") }).Build();
        return Enumerable.Range(0, 4).ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(new TopicPartition("sensors", p), TimeSpan.FromSeconds(5)).High.Value);
    }

    /// <summary>The resume offset of every partition of "sensors" in the group's checkpoint topic (read_committed), as a restart would read it.</summary>
    public static Dictionary<int, long> CheckpointResumePoints(string bootstrap, string group)
    {
        using var reader = new Kafka.Checkpoints.CheckpointReader(new ClientConfig { BootstrapServers = bootstrap }, group + ".checkpoints", "sensors");
        return reader.Read([0, 1, 2, 3], 4, TimeSpan.FromSeconds(30))
            .Where(kv => kv.Value.NextOffset is not null)
            .ToDictionary(kv => kv.Key, kv => kv.Value.NextOffset!.Value);
    }

    /// <summary>Replays the recording (in-process publisher).</summary>
    public void Replay(string bootstrap) =>
        new ReplayPublisher(bootstrap).Publish(Recording, "sensors", RecordFormat.Json, 0, null, CancellationToken.None);

    /// <inheritdoc />
    public void Dispose() => Folder.Dispose();

    private static void BuildModel(string path)
    {
        // mean(x) * 2 - 2 → sigmoid: windows inside a burst (+3) score high, the sine alone scores low.
        var builder = new OnnxGraphBuilder("mean-detector");
        var x = builder.Input("windows", "batch", 1, 32);
        var conv = builder.Conv(x, builder.Initializer("conv.weight", [1f], 1, 1, 1));
        var pooled = builder.Flatten(builder.GlobalAveragePool(conv));
        var z = builder.Gemm(pooled, builder.Initializer("dense.weight", [2f], 1, 1), builder.Initializer("dense.bias", [-2f], 1));
        builder.Output(builder.Sigmoid(z, "score"), "batch", 1);
        builder.Save(path);
    }
}
