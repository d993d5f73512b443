using StreamClassifier.Kafka.Codecs;

namespace StreamClassifier.Kafka.Worker;

/// <summary>
/// Record-level totals of a worker. They reconcile exactly:
/// <c>Consumed = Decoded + DeadLettered + SkippedCheckpointed</c>; every decoded record becomes one
/// pipeline chunk (scored samples, buffered samples or a counted drop in the pipeline's counters).
/// </summary>
public sealed class KafkaWorkerCounters
{
    private readonly long[] deadLetteredByKind = new long[DecodeErrors.All.Count];
    private long consumed;
    private long decoded;
    private long skipped;
    private long chunksCompleted;
    private long alertsSent;
    private long alertsAcknowledged;
    private long alertsAlreadyPublished;
    private long deadLettersAlreadyPublished;
    private long commits;

    /// <summary>Records read from the source topic.</summary>
    public long Consumed => Interlocked.Read(ref consumed);

    /// <summary>Records decoded into chunks and fed to the pipeline.</summary>
    public long Decoded => Interlocked.Read(ref decoded);

    /// <summary>Records already contained in a restored checkpoint (read again after a restart, not re-applied).</summary>
    public long SkippedCheckpointed => Interlocked.Read(ref skipped);

    /// <summary>Chunks the pipeline reported complete.</summary>
    public long ChunksCompleted => Interlocked.Read(ref chunksCompleted);

    /// <summary>Alerts sent to the alerts topic.</summary>
    public long AlertsSent => Interlocked.Read(ref alertsSent);

    /// <summary>Alerts the broker acknowledged.</summary>
    public long AlertsAcknowledged => Interlocked.Read(ref alertsAcknowledged);

    /// <summary>Exactly-once: regenerated alerts not sent because the read-back found them already published.</summary>
    public long AlertsAlreadyPublished => Interlocked.Read(ref alertsAlreadyPublished);

    /// <summary>Exactly-once: records read again whose dead letter the read-back found already published (still counted as dead-lettered).</summary>
    public long DeadLettersAlreadyPublished => Interlocked.Read(ref deadLettersAlreadyPublished);

    /// <summary>Offset commits made.</summary>
    public long Commits => Interlocked.Read(ref commits);

    /// <summary>
    /// Decoded records whose chunk the pipeline has not completed yet (windows waiting for their batch,
    /// scoring, alert policy): <see cref="Decoded"/> − <see cref="ChunksCompleted"/>, never negative.
    /// </summary>
    public long InPipeline
    {
        get
        {
            // Completions first: a record is decoded before it completes, so this order never reads more completions than decodes.
            var completed = ChunksCompleted;
            return Math.Max(0, Decoded - completed);
        }
    }

    /// <summary>Dead-lettered records, all kinds.</summary>
    public long DeadLettered => deadLetteredByKind.Sum(count => Interlocked.Read(ref count));

    /// <summary>Dead-lettered records of one kind.</summary>
    public long DeadLetteredFor(DecodeErrorKind kind) => Interlocked.Read(ref deadLetteredByKind[(int)kind]);

    /// <summary>True when consumed = decoded + dead-lettered + skipped.</summary>
    public bool Reconciles => Consumed == Decoded + DeadLettered + SkippedCheckpointed;

    /// <inheritdoc />
    public override string ToString() =>
        $"consumed={Consumed} decoded={Decoded} dead_lettered={DeadLettered} skipped_checkpointed={SkippedCheckpointed} chunks_completed={ChunksCompleted} alerts_sent={AlertsSent} alerts_acked={AlertsAcknowledged} alerts_already_published={AlertsAlreadyPublished} dead_letters_already_published={DeadLettersAlreadyPublished} commits={Commits} skipped_by_broker={SkippedByBroker}";

    internal void AddConsumed() => Interlocked.Increment(ref consumed);

    internal void AddDecoded() => Interlocked.Increment(ref decoded);

    internal void AddSkipped() => Interlocked.Increment(ref skipped);

    internal void AddChunkCompleted() => Interlocked.Increment(ref chunksCompleted);

    internal void AddAlertSent() => Interlocked.Increment(ref alertsSent);

    internal void AddAlertAcknowledged() => Interlocked.Increment(ref alertsAcknowledged);

    internal void AddAlertAlreadyPublished() => Interlocked.Increment(ref alertsAlreadyPublished);

    internal void AddDeadLetterAlreadyPublished() => Interlocked.Increment(ref deadLettersAlreadyPublished);

    internal void AddCommit() => Interlocked.Increment(ref commits);

    internal void AddDeadLetter(DecodeErrorKind kind) => Interlocked.Increment(ref deadLetteredByKind[(int)kind]);

    // Records the broker deleted before they were read: never consumed, so outside the reconciliation.
    private long skippedByBroker;

    /// <summary>
    /// Records of the source topic the broker deleted (retention) before the worker read them: the
    /// offsets the consumer jumped over below the partition's log start (<see cref="BrokerSkipDetector"/>).
    /// They were never consumed, so they are not part of <see cref="Reconciles"/>.
    /// </summary>
    public long SkippedByBroker => Interlocked.Read(ref skippedByBroker);

    internal void AddSkippedByBroker(long records) => Interlocked.Add(ref skippedByBroker, records);
}
