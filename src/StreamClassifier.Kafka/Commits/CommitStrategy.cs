using Confluent.Kafka;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Checkpoints;
using StreamClassifier.Kafka.Clients;
using StreamClassifier.Kafka.Delivery;
using StreamClassifier.Kafka.Worker;

namespace StreamClassifier.Kafka.Commits;

/// <summary>
/// How completed work becomes committed for one delivery mode: when cuts are taken, what is awaited
/// before the checkpoint and the offsets are written, and how they are committed. The poll loop calls
/// it on the commit interval, on every loop turn, on revocation and on shutdown; pipeline completions
/// are reported too. <see cref="AtLeastOnceCommits"/> and <see cref="TransactionalCommits"/> (which
/// alone knows about transactions and the read-back the mock broker needs) are the two.
/// </summary>
internal abstract class CommitStrategy(CommitContext context) : IDisposable
{
    private IConsumer<byte[]?, byte[]?>? consumer;
    private TrackedProducer? producer;

    /// <summary>The worker's one producer (alerts, dead letters, checkpoints).</summary>
    public TrackedProducer Producer => producer ?? throw new InvalidOperationException("The commit strategy has not started.");

    /// <summary>Held around every send, so none slips into a transaction's commit.</summary>
    public object SendGate { get; } = new();

    /// <summary>The worker's parts.</summary>
    protected CommitContext Context { get; } = context;

    /// <summary>The group member, once attached.</summary>
    protected IConsumer<byte[]?, byte[]?> Consumer => consumer ?? throw new InvalidOperationException("The commit strategy has no consumer yet.");

    /// <summary>The strategy for the topology's delivery mode.</summary>
    public static CommitStrategy For(CommitContext context) =>
        context.Topology.Delivery == DeliveryMode.ExactlyOnce ? new TransactionalCommits(context) : new AtLeastOnceCommits(context);

    /// <summary>Creates the producer (and whatever the mode needs before consuming) and hands it to the publisher.</summary>
    public void Start(KafkaClientConfigs clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        producer = CreateProducer(clients);
        Context.Publisher.Attach(producer, SendGate, withholdAlreadyPublished: this is TransactionalCommits);
        Started(clients);
    }

    /// <summary>The group member, once built.</summary>
    public void Attach(IConsumer<byte[]?, byte[]?> groupConsumer) => consumer = groupConsumer;

    /// <summary>Partitions were assigned and restored from their checkpoints.</summary>
    public virtual void Assigned(IReadOnlyList<int> numbers, IReadOnlyDictionary<int, PartitionCheckpoint> checkpoints)
    {
    }

    /// <summary>The commit interval passed and something changed: take (or request) a cut. False when the previous one is still in progress.</summary>
    public abstract bool RequestCheckpoint();

    /// <summary>Advances a cut in progress without blocking the poll loop (every loop turn).</summary>
    public abstract void Drive();

    /// <summary>Checkpoints and commits synchronously (revocation, shutdown), bounded by the drain timeout.</summary>
    /// <exception cref="TimeoutException">An acknowledgement did not come in time.</exception>
    /// <exception cref="KafkaException">The broker refused.</exception>
    public abstract void CommitNow(IReadOnlyCollection<int>? only);

    /// <summary>The pipeline completed a record (under its gate).</summary>
    public virtual void ChunkCompleted()
    {
    }

    /// <summary>Partitions are no longer owned.</summary>
    public virtual void Forget(IReadOnlyCollection<int> numbers)
    {
    }

    /// <summary>Shutdown: the final <see cref="CommitNow"/> follows; drop any cut in progress.</summary>
    public virtual void BeforeFinalCommit()
    {
    }

    /// <summary>Flushes (unless the worker stops without committing) and disposes the producer.</summary>
    public void Dispose(bool stopWithoutCommit)
    {
        DisposeReaders();
        if (producer is not null)
        {
            if (!stopWithoutCommit && !producer.IsTransactional)
            {
                producer.Producer.Flush(TimeSpan.FromSeconds(10));
            }

            producer.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose() => Dispose(stopWithoutCommit: true);

    /// <summary>The producer for this mode.</summary>
    protected abstract TrackedProducer CreateProducer(KafkaClientConfigs clients);

    /// <summary>Called once the producer exists.</summary>
    protected virtual void Started(KafkaClientConfigs clients)
    {
    }

    /// <summary>Disposes readers the mode owns.</summary>
    protected virtual void DisposeReaders()
    {
    }

    /// <summary>Commits <paramref name="offsets"/> of owned partitions past their last commit; a failure is logged and retried at the next interval.</summary>
    protected void CommitOffsets(IReadOnlyDictionary<int, long> offsets)
    {
        var toCommit = Context.Ledger.Committable(Context.SourceTopic, offsets);
        if (toCommit.Count == 0)
        {
            return;
        }

        try
        {
            Consumer.Commit(toCommit);
            Context.Counters.AddCommit();
            Context.Ledger.MarkCommitted(toCommit);
        }
        catch (KafkaException exception)
        {
            // Typically a rebalance in progress; the next interval commits again (the checkpoint already holds the state).
            KafkaWorkerLog.CommitFailed(Context.Logger, string.Join(", ", toCommit), exception.Error.Reason);
            Context.Ledger.Changed();
        }
    }
}
