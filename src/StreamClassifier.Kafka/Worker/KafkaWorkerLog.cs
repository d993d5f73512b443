using Microsoft.Extensions.Logging;

namespace StreamClassifier.Kafka.Worker;

/// <summary>
/// What the Kafka worker logs, as source-generated <see cref="LoggerMessage"/> methods with stable
/// event ids (<see cref="KafkaLogEvents"/>). The messages keep the <c>worker:</c> prefix the plain
/// format shows; nothing is logged per record, window or alert at Information.
/// </summary>
internal static partial class KafkaWorkerLog
{
    [LoggerMessage(EventId = KafkaLogEvents.Consuming, Level = LogLevel.Information, Message = "worker: consuming {Topic} as group {Group} from {Bootstrap} ({Delivery}).")]
    public static partial void Consuming(ILogger logger, string topic, string group, string bootstrap, string delivery);

    [LoggerMessage(EventId = KafkaLogEvents.Assigned, Level = LogLevel.Information, Message = "worker: assigned {Topic}[{Partitions}]; restored {Sensors} sensor checkpoint(s).")]
    public static partial void Assigned(ILogger logger, string topic, string partitions, int sensors);

    [LoggerMessage(EventId = KafkaLogEvents.Revoking, Level = LogLevel.Information, Message = "worker: revoking {Topic}[{Partitions}].")]
    public static partial void Revoking(ILogger logger, string topic, string partitions);

    [LoggerMessage(EventId = KafkaLogEvents.Lost, Level = LogLevel.Warning, Message = "worker: lost {Topic}[{Partitions}] (session expired); not committing them.")]
    public static partial void Lost(ILogger logger, string topic, string partitions);

    [LoggerMessage(EventId = KafkaLogEvents.CheckpointNotRestored, Level = LogLevel.Warning, Message = "worker: the checkpoint of sensor {Sensor} ({Topic}[{Partition}]) was not restored, the sensor starts afresh: {Reason}")]
    public static partial void CheckpointNotRestored(ILogger logger, string sensor, string topic, int partition, string reason);

    [LoggerMessage(EventId = KafkaLogEvents.RevokedWorkUnfinished, Level = LogLevel.Warning, Message = "worker: in-flight work of the revoked partitions did not finish in time; it is handed back uncommitted and will be redone by the next owner.")]
    public static partial void RevokedWorkUnfinished(ILogger logger);

    [LoggerMessage(EventId = KafkaLogEvents.CommitFailed, Level = LogLevel.Warning, Message = "worker: commit on revocation failed ({Reason}); the next owner resumes from the previous commit.")]
    public static partial void RevocationCommitFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = KafkaLogEvents.CommitFailed, Level = LogLevel.Warning, Message = "worker: commit of {Offsets} failed: {Reason}; retrying at the next interval.")]
    public static partial void CommitFailed(ILogger logger, string offsets, string reason);

    [LoggerMessage(EventId = KafkaLogEvents.FinalCommitFailed, Level = LogLevel.Warning, Message = "worker: final commit failed ({Reason}); a restart resumes from the previous commit.")]
    public static partial void FinalCommitFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = KafkaLogEvents.CheckpointTopicNotCreated, Level = LogLevel.Warning, Message = "worker: creating checkpoint topic {Topic} failed: {Reason}")]
    public static partial void CheckpointTopicNotCreated(ILogger logger, string topic, string reason);

    [LoggerMessage(EventId = KafkaLogEvents.AlreadyPublished, Level = LogLevel.Information, Message = "worker: {Count} {Kind} of {Topic}[{Partition}] are already in {OutputTopic} past its checkpoint; they will not be published again.")]
    public static partial void AlreadyPublished(ILogger logger, int count, string kind, string topic, int partition, string outputTopic);

    [LoggerMessage(EventId = KafkaLogEvents.DeadLetterNotPublished, Level = LogLevel.Warning, Message = "dead letter (no dead_letter topic configured) {Position}: {Error}")]
    public static partial void DeadLetterNotPublished(ILogger logger, string position, string error);

    [LoggerMessage(EventId = KafkaLogEvents.SkippedByBroker, Level = LogLevel.Warning, Message = "worker: the broker deleted {Deleted} record(s) of {Topic}[{Partition}] (offsets {First}..{Last}) before the group read them (retention; {LogStart}); they were never classified. Keep consumer lag well within the topic's retention.")]
    public static partial void SkippedByBroker(ILogger logger, long deleted, string topic, int partition, long first, long last, string logStart);

    [LoggerMessage(EventId = KafkaLogEvents.CommittedOffsetsUnknown, Level = LogLevel.Warning, Message = "worker: reading the group's committed offsets of {Topic}[{Partitions}] failed ({Reason}); records the broker deleted before the first one read are not counted.")]
    public static partial void CommittedOffsetsUnknown(ILogger logger, string topic, string partitions, string reason);

    [LoggerMessage(EventId = KafkaLogEvents.Fatal, Level = LogLevel.Error, Message = "worker: fatal: {Reason}")]
    public static partial void Fatal(ILogger logger, string reason);

    [LoggerMessage(EventId = KafkaLogEvents.Stopped, Level = LogLevel.Information, Message = "worker: stopped cleanly; {Counters}.")]
    public static partial void Stopped(ILogger logger, KafkaWorkerCounters counters);

    [LoggerMessage(EventId = KafkaLogEvents.LeaveFailed, Level = LogLevel.Warning, Message = "worker: leaving the group failed: {Reason}")]
    public static partial void LeaveFailed(ILogger logger, string reason);
}
