using System.Diagnostics;
using System.Reactive.Concurrency;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using StreamClassifier.Core.Models;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka;
using StreamClassifier.Kafka.Alerts;
using StreamClassifier.Kafka.Clients;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Flow;
using StreamClassifier.Worker.Commands;
using StreamClassifier.Worker.Models;
using StreamClassifier.Worker.Telemetry;

namespace StreamClassifier.Worker.Hosting;

/// <summary>
/// <c>streamclassifier run</c> as a hosted service: the telemetry endpoint, the models (watched for new
/// versions), the pipeline and the <see cref="KafkaWorker"/> polling on its own thread (<see cref="KafkaWorkerRun"/>). Stopping the
/// host (SIGTERM, Ctrl-C) cancels the worker, which stops polling, drains the records in flight,
/// publishes their alerts, checkpoints, commits and leaves the group (<c>Close()</c>); the host's
/// shutdown timeout (<c>worker.shutdown_timeout_s</c>) bounds all of it, and when it passes the service
/// logs what was abandoned (it is redone after a restart: commits only ever cover complete work).
/// </summary>
internal sealed class StreamWorkerService : BackgroundService
{
    /// <summary>The log category of the Kafka worker and librdkafka's own lines.</summary>
    public const string KafkaLogCategory = "StreamClassifier.Kafka";

    private readonly RunSettings settings;
    private readonly RunOutcome outcome;
    private readonly ILogger logger;
    private readonly ILogger kafkaLogger;
    private readonly bool jsonConsole;
    private readonly IHostApplicationLifetime lifetime;
    private volatile KafkaWorker? worker;
    private long stopRequestedAt;
    private volatile bool kafkaStopped;

    /// <summary>Creates the service (the host does).</summary>
    public StreamWorkerService(RunSettings settings, RunOutcome outcome, ILogger<StreamWorkerService> logger, ILoggerFactory loggerFactory, IConfiguration configuration, IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(configuration);
        // With JSON logs, the console sink prints alerts as JSON too: every line of the process is then one JSON object.
        jsonConsole = string.Equals(configuration["Logging:Console:FormatterName"], ConsoleFormatterNames.Json, StringComparison.OrdinalIgnoreCase);
        kafkaLogger = loggerFactory.CreateLogger(KafkaLogCategory);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(lifetime);
        this.settings = settings;
        this.outcome = outcome;
        this.logger = logger;
        this.lifetime = lifetime;
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref stopRequestedAt, Stopwatch.GetTimestamp());
        if (worker is { } running)
        {
            RunLog.ShutdownRequested(logger, running.InFlight, settings.ShutdownTimeout.TotalSeconds);
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (ExecuteTask is { IsCompleted: false } && kafkaStopped)
        {
            // The Kafka worker has left the group; only local clean-up (sinks, lag monitor, embedded broker) is still running.
            RunLog.DeadlineDuringCleanup(logger, settings.ShutdownTimeout.TotalSeconds);
        }
        else if (ExecuteTask is { IsCompleted: false } && worker is { } abandoned)
        {
            // The host gives up now; the process exits and the uncommitted records are read again by the next owner.
            outcome.Fail(CommandErrors.Failure);
            RunLog.ShutdownAbandoned(logger, settings.ShutdownTimeout.TotalSeconds, abandoned.InFlight, string.Join(",", abandoned.AssignedPartitions));
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Loading models and joining the worker block: this gets a thread of its own, not a pool thread.
        var thread = new Thread(() =>
        {
            try
            {
                Run(stoppingToken);
            }
            finally
            {
                done.TrySetResult();
            }
        })
        { Name = "run", IsBackground = true };
        thread.Start();
        await done.Task.ConfigureAwait(false);
    }

    private void Run(CancellationToken stoppingToken)
    {
        var topology = settings.Topology;
        using var metrics = new WorkerMetrics();
        var health = new HealthState();
        TelemetryEndpoint? telemetry = null;
        ModelReloader? models = null;
        try
        {
            // Listening before the models load: /healthz answers and /readyz says what is still missing.
            var telemetrySpec = settings.ListenOverride is null ? topology.Telemetry : topology.Telemetry with { Listen = settings.ListenOverride };
            try
            {
                telemetry = TelemetryEndpoint.Start(metrics, health, telemetrySpec, settings.InstanceId);
                RunLog.TelemetryListening(logger, telemetry.BaseUri, string.IsNullOrWhiteSpace(telemetrySpec.OtlpEndpoint) ? string.Empty : $"; OTLP to {telemetrySpec.OtlpEndpoint}");
            }
            catch (InvalidOperationException exception) when (settings.ListenOverride is null)
            {
                // A taken port of the topology's address (a second worker on the same host) must not stop
                // alerts: run without the endpoint and say so loudly; Prometheus shows the target down
                // (docs/operations.md). An address given with --listen is refused instead, below.
                RunLog.TelemetryUnavailable(logger, exception.Message);
            }
            catch (InvalidOperationException exception)
            {
                RunLog.BadConfiguration(logger, exception.Message.Replace("telemetry.listen:", "--listen:", StringComparison.Ordinal));
                outcome.Fail(CommandErrors.BadConfiguration);
                lifetime.StopApplication();
                return;
            }

            try
            {
                models = ModelReloader.Load(topology, scorer => new InstrumentedScorer(scorer, metrics), logger, metrics);
            }
            catch (Exception exception) when (exception is TopologyException or ModelCardException or IOException or UnauthorizedAccessException or ArgumentException or FormatException or InvalidOperationException || exception.GetType().Namespace?.StartsWith("StreamClassifier.Onnx", StringComparison.Ordinal) == true)
            {
                // A bad model stops the worker at start, with the message saying where.
                RunLog.BadConfiguration(logger, exception.Message);
                outcome.Fail(CommandErrors.BadConfiguration);
                lifetime.StopApplication();
                return;
            }

            health.ModelsLoaded = true;
            RunLog.ModelsLoaded(logger, string.Join(", ", models.Serving.Select(model => $"'{model.Model}' v{model.Version}")));
            RunWorker(topology, metrics, health, models, stoppingToken);
        }
        finally
        {
            models?.Dispose();
            telemetry?.Dispose();
        }
    }

    private void RunWorker(TopologyDefinition topology, WorkerMetrics metrics, HealthState health, ModelReloader models, CancellationToken stoppingToken)
    {
        var source = topology.Source.Kafka;
        var (embedded, bootstrap) = StartEmbeddedBroker(topology);
        var sinks = LocalSinks(topology);
        try
        {
            using var scheduler = new EventLoopScheduler(start => new Thread(start) { Name = "pipeline-timers", IsBackground = true });
            using var watchScheduler = new EventLoopScheduler(start => new Thread(start) { Name = "model-watch", IsBackground = true });
            using var pipeline = new ClassificationPipeline(topology, models.ScorersByStream.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal), scheduler);
            models.Attach(pipeline);
            metrics.AttachPipeline(pipeline.Counters);
            var options = new KafkaWorkerOptions
            {
                BootstrapServers = bootstrap,
                AlertSinks = sinks,
                CommitInterval = settings.CommitInterval,
                InstanceId = settings.InstanceId,
                // Drain, then two acknowledgement waits (work, checkpoint): a third of the deadline each keeps the whole stop inside it.
                DrainTimeout = settings.ShutdownTimeout / 3,
                Logger = kafkaLogger,
                AlertDelivered = metrics.RecordAlertDelivered,
                Scoring = topology.Worker.Scoring == ScoringPlace.Inline ? ScoringMode.Inline : ScoringMode.OnScoringThread("kafka-scoring"),
            };
            using var run = KafkaWorkerRun.Start(topology, pipeline, options, stoppingToken);
            var kafkaWorker = run.Worker;
            using var lag = new ConsumerLagMonitor(kafkaWorker.BootstrapServers, source.Group, source.Topic, () => kafkaWorker.AssignedPartitions, TimeSpan.FromSeconds(5), new KafkaClientConfigs(source, kafkaWorker.BootstrapServers, settings.InstanceId).Shared(), logger: kafkaLogger);
            using var watcher = new ModelWatcher(models, watchScheduler, settings.ModelWatch, logger);
            metrics.AttachKafka(kafkaWorker.Counters, source, topology.Sinks.AlertsTopic);
            metrics.AttachLag(lag);
            health.AddCheck("kafka", () =>
                !lag.BrokerReachable ? $"broker {kafkaWorker.BootstrapServers} not reachable{(lag.LastError is { } error ? $" ({error})" : string.Empty)}"
                : kafkaWorker.AssignedPartitions.Count == 0 ? $"no partitions of {source.Topic} assigned to this worker yet" : null);
            health.AddCheck("lag", new LagReadiness(lag.Worst, topology.Worker.ReadyMaxLagS, source.Topic).Check);
            worker = kafkaWorker;
            var report = run.Completion.GetAwaiter().GetResult();
            if (report.Fatal is { } fatal)
            {
                RunLog.Fatal(logger, fatal);
                outcome.Fail(CommandErrors.BadInput);
                lifetime.StopApplication();
            }

            kafkaStopped = true;
            var counters = pipeline.Counters;
            if (Interlocked.Read(ref stopRequestedAt) is var stopAt and not 0 && outcome.ExitCode == 0)
            {
                LogStop(report, Stopwatch.GetElapsedTime(stopAt), options.DrainTimeout);
            }

            RunLog.Summary(logger, report.Counters, counters.Records, counters.WindowsScored, counters.SamplesDropped);
        }
        finally
        {
            embedded?.Dispose();
        }
    }

    /// <summary><c>bootstrap: embedded</c> without <c>--bootstrap</c>: a one-broker mock cluster in this process, with the topology's topics.</summary>
    private (EmbeddedKafkaCluster? Embedded, string? Bootstrap) StartEmbeddedBroker(TopologyDefinition topology)
    {
        var source = topology.Source.Kafka;
        if (settings.BootstrapOverride is not null || !source.IsEmbedded)
        {
            return (null, settings.BootstrapOverride);
        }

        var embedded = EmbeddedKafkaCluster.Start(brokerCount: 1, kafkaLogger);
        foreach (var topic in new[] { source.Topic, source.EffectiveCheckpointTopic, topology.Sinks.AlertsTopic, topology.Sinks.DeadLetterTopic }.OfType<string>())
        {
            embedded.CreateTopic(topic, partitions: 4);
        }

        var bootstrap = embedded.BootstrapServers;
        RunLog.EmbeddedBroker(logger, bootstrap, source.Topic, source.EffectiveCheckpointTopic, topology.Sinks.AlertsTopic is { } alerts ? ", " + alerts : string.Empty, $"streamclassifier replay --bootstrap {bootstrap} --topic {source.Topic} ...");
        return (embedded, bootstrap);
    }

    private List<IAlertSink> LocalSinks(TopologyDefinition topology)
    {
        var sinks = new List<IAlertSink>();
        if (topology.Sinks.Console)
        {
            sinks.Add(new ConsoleAlertSink(json: jsonConsole));
        }

        if (topology.Sinks.Jsonl is { } jsonl)
        {
            sinks.Add(new JsonlAlertSink(topology.ResolvePath(jsonl)));
        }

        return sinks;
    }

    private void LogStop(KafkaWorkerStopReport report, TimeSpan elapsed, TimeSpan drainTimeout)
    {
        if (report.LeftUncommitted > 0)
        {
            RunLog.StoppedWithWorkInFlight(logger, elapsed.TotalMilliseconds, report.LeftUncommitted, drainTimeout.TotalSeconds);
        }
        else if (report.FinalCommitFailure is not null)
        {
            RunLog.StoppedFinalCommitFailed(logger, elapsed.TotalMilliseconds);
        }
        else
        {
            RunLog.GracefulStop(logger, elapsed.TotalMilliseconds, report.Drained);
        }
    }
}
