using Microsoft.Extensions.Logging;

namespace StreamClassifier.Worker.Hosting;

/// <summary>What <c>run</c>'s host logs, as source-generated <see cref="LoggerMessage"/> methods with the ids of <see cref="LogEvents"/>.</summary>
internal static partial class RunLog
{
    [LoggerMessage(EventId = LogEvents.Ids.Starting, Level = LogLevel.Information, Message = "run: embedded Kafka on {Bootstrap} (topics {Topic}, {CheckpointTopic}{AlertsTopic}); publish with: {ReplayCommand}")]
    public static partial void EmbeddedBroker(ILogger logger, string bootstrap, string topic, string checkpointTopic, string alertsTopic, string replayCommand);

    [LoggerMessage(EventId = LogEvents.Ids.Telemetry, Level = LogLevel.Information, Message = "run: metrics on {Endpoint}metrics (also /healthz, /readyz){Otlp}.")]
    public static partial void TelemetryListening(ILogger logger, Uri endpoint, string otlp);

    [LoggerMessage(EventId = LogEvents.Ids.Telemetry, Level = LogLevel.Warning, Message = "run: {Reason} Continuing without /metrics, /healthz and /readyz.")]
    public static partial void TelemetryUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = LogEvents.Ids.ModelsLoaded, Level = LogLevel.Information, Message = "run: models loaded: {Models}.")]
    public static partial void ModelsLoaded(ILogger logger, string models);

    [LoggerMessage(EventId = LogEvents.Ids.BadConfiguration, Level = LogLevel.Error, Message = "run: {Reason}")]
    public static partial void BadConfiguration(ILogger logger, string reason);

    [LoggerMessage(EventId = LogEvents.Ids.Fatal, Level = LogLevel.Error, Message = "run: {Reason}")]
    public static partial void Fatal(ILogger logger, string reason);

    [LoggerMessage(EventId = LogEvents.Ids.ShutdownRequested, Level = LogLevel.Information, Message = "run: stopping: no more polling; draining {InFlight} record(s) in flight, then publish, checkpoint, commit and leave the group (deadline {Deadline} s).")]
    public static partial void ShutdownRequested(ILogger logger, int inFlight, double deadline);

    [LoggerMessage(EventId = LogEvents.Ids.ShutdownCompleted, Level = LogLevel.Information, Message = "run: graceful stop in {Elapsed:0} ms: drained the {InFlight} record(s) in flight, published their alerts, committed and left the group.")]
    public static partial void GracefulStop(ILogger logger, double elapsed, int inFlight);

    [LoggerMessage(EventId = LogEvents.Ids.ShutdownCompleted, Level = LogLevel.Warning, Message = "run: stopped in {Elapsed:0} ms, but {Abandoned} record(s) were still in flight when the drain time ({Drain:0.#} s, a third of worker.shutdown_timeout_s) ran out; they were not committed and are processed again after a restart.")]
    public static partial void StoppedWithWorkInFlight(ILogger logger, double elapsed, int abandoned, double drain);

    [LoggerMessage(EventId = LogEvents.Ids.ShutdownCompleted, Level = LogLevel.Warning, Message = "run: stopped in {Elapsed:0} ms but the final commit failed; a restart resumes from the previous commit.")]
    public static partial void StoppedFinalCommitFailed(ILogger logger, double elapsed);

    [LoggerMessage(EventId = LogEvents.Ids.ShutdownCompleted, Level = LogLevel.Information, Message = "run: the shutdown deadline of {Deadline} s passed during local clean-up after the Kafka worker stopped; exiting.")]
    public static partial void DeadlineDuringCleanup(ILogger logger, double deadline);

    [LoggerMessage(EventId = LogEvents.Ids.ShutdownAbandoned, Level = LogLevel.Warning, Message = "run: the shutdown deadline of {Deadline} s passed with {InFlight} record(s) of partition(s) [{Partitions}] still in flight; they were not committed and are processed again after a restart (no alert is lost; replays carry the same alert_id).")]
    public static partial void ShutdownAbandoned(ILogger logger, double deadline, int inFlight, string partitions);

    [LoggerMessage(EventId = LogEvents.Ids.Summary, Level = LogLevel.Information, Message = "run: {Kafka}; pipeline records={Records} windows_scored={WindowsScored} samples_dropped={SamplesDropped}.")]
    public static partial void Summary(ILogger logger, StreamClassifier.Kafka.Worker.KafkaWorkerCounters kafka, long records, long windowsScored, long samplesDropped);
}
