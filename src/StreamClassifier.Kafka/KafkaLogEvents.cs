namespace StreamClassifier.Kafka;

/// <summary>
/// Event ids of everything the Kafka layer logs (stable: log pipelines may filter on them;
/// docs/operations.md lists them). The worker host's own events use ids below 100.
/// </summary>
public static class KafkaLogEvents
{
    /// <summary>The worker joined its group and is consuming.</summary>
    public const int Consuming = 100;

    /// <summary>Partitions were assigned (and their checkpoints restored).</summary>
    public const int Assigned = 101;

    /// <summary>Partitions are being revoked (drained, checkpointed, committed).</summary>
    public const int Revoking = 102;

    /// <summary>Partitions were lost (session expired): not committed.</summary>
    public const int Lost = 103;

    /// <summary>A sensor's checkpoint could not be restored; the sensor starts afresh.</summary>
    public const int CheckpointNotRestored = 104;

    /// <summary>Revoked partitions' work did not finish in time and is handed back uncommitted.</summary>
    public const int RevokedWorkUnfinished = 105;

    /// <summary>A commit failed (retried at the next interval, or left to the next owner).</summary>
    public const int CommitFailed = 106;

    /// <summary>The final commit on shutdown failed.</summary>
    public const int FinalCommitFailed = 107;

    /// <summary>Creating the checkpoint topic failed.</summary>
    public const int CheckpointTopicNotCreated = 108;

    /// <summary>Exactly-once read-back: outputs already published past a partition's checkpoint.</summary>
    public const int AlreadyPublished = 109;

    /// <summary>A bad record with no dead-letter topic configured.</summary>
    public const int DeadLetterNotPublished = 110;

    /// <summary>The broker deleted records before the group read them.</summary>
    public const int SkippedByBroker = 111;

    /// <summary>The group's committed offsets could not be read.</summary>
    public const int CommittedOffsetsUnknown = 112;

    /// <summary>The worker stops without committing (alert delivery or the pipeline failed).</summary>
    public const int Fatal = 113;

    /// <summary>The worker stopped cleanly, with its totals.</summary>
    public const int Stopped = 114;

    /// <summary>Leaving the group failed.</summary>
    public const int LeaveFailed = 115;

    /// <summary>An error reported by a librdkafka client (connection, broker, protocol).</summary>
    public const int ClientError = 120;

    /// <summary>A line of librdkafka's own log.</summary>
    public const int Librdkafka = 121;
}
