using System.CommandLine;
using System.Reactive.Concurrency;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Alerts;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Onnx;
using StreamClassifier.Pipeline;
using StreamClassifier.Worker.Telemetry;

namespace StreamClassifier.Worker.Commands;

/// <summary><c>streamclassifier run</c>: the worker (Kafka → pipeline → alerts).</summary>
public static class RunCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var topologyOption = new Option<FileInfo>("--topology") { Description = "Topology YAML (topologies/*.yaml).", Required = true };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "Kafka bootstrap servers, overriding the topology's source.kafka.bootstrap." };
        var instanceId = new Option<string?>("--instance-id") { Description = "Stable id of this worker (exactly-once transactional id); default: the host name, or STREAMCLASSIFIER_INSTANCE." };
        var commitInterval = new Option<int>("--commit-interval-ms") { Description = "How often complete work is checkpointed and committed.", DefaultValueFactory = _ => 1000 };
        var listen = new Option<string?>("--listen") { Description = "host:port of /metrics, /healthz and /readyz, overriding the topology's telemetry.listen (default 127.0.0.1:9464)." };

        var command = new Command("run", "Run the worker: consume sensor records, score windows, publish alerts; commits only complete work.")
        {
            topologyOption, bootstrap, instanceId, commitInterval, listen,
        };
        command.SetAction(parse => Run(
            parse.GetValue(topologyOption)!,
            parse.GetValue(bootstrap),
            parse.GetValue(instanceId) ?? Environment.GetEnvironmentVariable("STREAMCLASSIFIER_INSTANCE") ?? Environment.MachineName,
            TimeSpan.FromMilliseconds(Math.Max(50, parse.GetValue(commitInterval))),
            parse.GetValue(listen)));
        return command;
    }

    private static int Run(FileInfo topologyFile, string? bootstrapOverride, string instanceId, TimeSpan commitInterval, string? listenOverride)
    {
        // Registered first: a SIGTERM during start-up also ends in a clean stop, not the runtime's default exit.
        using var shutdown = new ShutdownSignal();
        TopologyDefinition topology;
        var scorers = new Dictionary<string, IWindowScorer>(StringComparer.Ordinal);
        using var metrics = new WorkerMetrics();
        var health = new HealthState();
        TelemetryEndpoint? telemetry = null;
        try
        {
            topology = TopologyLoader.Load(topologyFile.FullName);

            // Listening before the models load: /healthz answers and /readyz says what is still missing.
            var telemetrySpec = listenOverride is null ? topology.Telemetry : topology.Telemetry with { Listen = listenOverride };
            try
            {
                telemetry = TelemetryEndpoint.Start(metrics, health, telemetrySpec, instanceId);
                Console.Error.WriteLine($"run: metrics on {telemetry.BaseUri}metrics (also /healthz, /readyz){(string.IsNullOrWhiteSpace(telemetrySpec.OtlpEndpoint) ? string.Empty : $"; OTLP to {telemetrySpec.OtlpEndpoint}")}.");
            }
            catch (InvalidOperationException exception)
            {
                // A taken port (a second worker on the same host) must not stop alerts: run without the
                // endpoint and say so loudly; Prometheus shows the target down (docs/operations.md).
                Console.Error.WriteLine($"run: WARNING {exception.Message} Continuing without /metrics, /healthz and /readyz.");
            }
            for (var index = 0; index < topology.Streams.Count; index++)
            {
                if (topology.Streams[index].Model is not null)
                {
                    scorers[topology.Streams[index].Name] = OnnxWindowScorer.LoadForStream(topology, index);
                }
            }
        }
        catch (Exception exception) when (exception is TopologyException or IOException or ArgumentException or FormatException or InvalidOperationException || exception.GetType().Namespace?.StartsWith("StreamClassifier.Onnx", StringComparison.Ordinal) == true)
        {
            // A bad topology or model stops the worker at start, with the message saying where.
            Console.Error.WriteLine($"run: {exception.Message}");
            DisposeAll(scorers.Values);
            telemetry?.Dispose();
            return 2;
        }

        health.ModelsLoaded = true;
        var instrumented = scorers.ToDictionary(pair => pair.Key, pair => (IWindowScorer)new InstrumentedScorer(pair.Value, metrics), StringComparer.Ordinal);

        EmbeddedKafkaCluster? embedded = null;
        var source = topology.Source.Kafka;
        var bootstrap = bootstrapOverride;
        if (bootstrap is null && source.IsEmbedded)
        {
            embedded = EmbeddedKafkaCluster.Start(brokerCount: 1);
            foreach (var topic in new[] { source.Topic, source.EffectiveCheckpointTopic, topology.Sinks.AlertsTopic, topology.Sinks.DeadLetterTopic }.OfType<string>())
            {
                embedded.CreateTopic(topic, partitions: 4);
            }

            bootstrap = embedded.BootstrapServers;
            Console.Error.WriteLine($"run: embedded Kafka on {bootstrap} (topics {source.Topic}, {source.EffectiveCheckpointTopic}{(topology.Sinks.AlertsTopic is { } a ? ", " + a : string.Empty)}); publish with: streamclassifier replay --bootstrap {bootstrap} --topic {source.Topic} ...");
        }

        var sinks = new List<IAlertSink>();
        if (topology.Sinks.Console)
        {
            sinks.Add(new ConsoleAlertSink());
        }

        if (topology.Sinks.Jsonl is { } jsonl)
        {
            sinks.Add(new JsonlAlertSink(topology.ResolvePath(jsonl)));
        }

        using var scheduler = new EventLoopScheduler(start => new Thread(start) { Name = "pipeline-timers", IsBackground = true });
        using var pipeline = new ClassificationPipeline(topology, instrumented, scheduler);
        metrics.AttachPipeline(pipeline.Counters);
        var options = new KafkaWorkerOptions
        {
            BootstrapServers = bootstrap,
            AlertSinks = sinks,
            CommitInterval = commitInterval,
            InstanceId = instanceId,
            Log = line => Console.Error.WriteLine(line),
            AlertAcknowledged = metrics.RecordAlertAcknowledged,
        };
        var exitCode = 0;
        using (var worker = new KafkaWorker(topology, pipeline, options))
        using (var lag = new ConsumerLagMonitor(worker.BootstrapServers, source.Group, source.Topic, () => worker.AssignedPartitions, TimeSpan.FromSeconds(5), source.Config.Where(setting => setting.Key != "group.instance.id")))
        {
            metrics.AttachKafka(worker.Counters, source, topology.Sinks.AlertsTopic);
            metrics.AttachLag(lag);
            health.AddCheck("kafka", () =>
                !lag.BrokerReachable ? $"broker {worker.BootstrapServers} not reachable{(lag.LastError is { } error ? $" ({error})" : string.Empty)}"
                : worker.AssignedPartitions.Count == 0 ? $"no partitions of {source.Topic} assigned to this worker yet" : null);

            // The consumer polls on its own thread; the pipeline's timers run on theirs.
            var poll = new Thread(() =>
            {
                try
                {
                    worker.Run(shutdown.Token);
                }
                catch (InvalidOperationException exception)
                {
                    Console.Error.WriteLine($"run: {exception.Message}");
                    exitCode = 1;
                }
            })
            { Name = "kafka-poll" };
            poll.Start();
            poll.Join();
            var counters = pipeline.Counters;
            Console.Error.WriteLine($"run: {worker.Counters}; pipeline records={counters.Records} windows_scored={counters.WindowsScored} samples_dropped={counters.SamplesDropped}.");
        }

        DisposeAll(scorers.Values);
        telemetry?.Dispose();
        embedded?.Dispose();
        return exitCode;
    }

    private static void DisposeAll(IEnumerable<IWindowScorer> scorers)
    {
        foreach (var scorer in scorers)
        {
            scorer.Dispose();
        }
    }
}
