using Confluent.Kafka;
using StreamClassifier.Kafka.Checkpoints;
using StreamClassifier.Kafka.Clients;
using StreamClassifier.Kafka.Delivery;

namespace StreamClassifier.Kafka.Commits;

/// <summary>
/// <c>delivery: exactly_once</c>: one transactional producer (<c>transactional.id =
/// streamclassifier-&lt;group&gt;-&lt;instance id&gt;</c>, fencing an earlier incarnation); alerts, dead
/// letters, state checkpoints, resume offsets, output watermarks and the consumer offsets commit in one
/// transaction. The cut is taken inside a pipeline completion event (under the pipeline's gate, so no
/// alert can be emitted between the snapshot and the commit), or on the poll thread when nothing is in
/// flight. The offsets are also committed to the group after each transaction (the mock broker does
/// not store offsets sent to a transaction; lag monitoring reads these). See docs/kafka.md.
/// </summary>
internal sealed class TransactionalCommits(CommitContext context) : CommitStrategy(context)
{
    private static readonly TimeSpan TransactionTimeout = TimeSpan.FromSeconds(30);
    private readonly object captureLock = new();
    private readonly object committedLock = new();
    private volatile bool captureRequested;
    private List<TopicPartitionOffset>? committedInTransaction;
    private OutputReadBack? readBack;

    /// <inheritdoc />
    public override void Assigned(IReadOnlyList<int> numbers, IReadOnlyDictionary<int, PartitionCheckpoint> checkpoints) => readBack!.Assigned(numbers, checkpoints);

    /// <inheritdoc />
    public override bool RequestCheckpoint()
    {
        captureRequested = true;
        if (Context.Ledger.InFlight == 0)
        {
            CommitTransaction();
        }

        return true;
    }

    /// <inheritdoc />
    public override void Drive() => CommitGroupOffsetsAfterTransaction();

    /// <inheritdoc />
    public override void CommitNow(IReadOnlyCollection<int>? only)
    {
        captureRequested = true;
        var deadline = DateTime.UtcNow + Context.Options.DrainTimeout;
        while (captureRequested && DateTime.UtcNow < deadline && !Context.Failed())
        {
            if (Context.Ledger.InFlight == 0)
            {
                CommitTransaction();
            }
            else
            {
                Thread.Sleep(10); // the capture runs on the pipeline's next completion event
            }
        }

        CommitGroupOffsetsAfterTransaction();
    }

    /// <inheritdoc />
    public override void ChunkCompleted()
    {
        if (captureRequested)
        {
            CommitTransaction();
        }
    }

    /// <inheritdoc />
    protected override TrackedProducer CreateProducer(KafkaClientConfigs clients) =>
        new(clients.Producer(), $"streamclassifier-{Context.Topology.Source.Kafka.Group}-{Context.Options.InstanceId}", Context.Logger);

    /// <inheritdoc />
    protected override void Started(KafkaClientConfigs clients)
    {
        // Fences an earlier incarnation with the same id and aborts its open transaction.
        Producer.Producer.InitTransactions(TransactionTimeout);
        Producer.Producer.BeginTransaction();
        readBack = new OutputReadBack(Context, Producer, SendGate);
        readBack.Start(clients.Shared());
    }

    /// <inheritdoc />
    protected override void DisposeReaders() => readBack?.Dispose();

    /// <summary>
    /// Runs either inside a pipeline event (under the pipeline's gate) or on the poll thread when
    /// nothing is in flight: cut, wait for the outputs the cut covers (checkpoint records are visible
    /// before the commit on the mock broker), add the output watermarks, write, send the offsets to
    /// the transaction and commit it.
    /// </summary>
    private void CommitTransaction()
    {
        if (!Monitor.TryEnter(captureLock))
        {
            return;
        }

        try
        {
            if (!captureRequested || Context.Failed())
            {
                return;
            }

            var batch = Context.Checkpoints.Capture(null, Producer);
            if (!Producer.WaitForAcknowledgements(batch.WorkSequence, Context.Options.DrainTimeout))
            {
                Context.Fail(new InvalidOperationException($"Alerts and dead letters were not acknowledged within {Context.Options.DrainTimeout.TotalSeconds:0} s{(Producer.FatalError is { } error ? $": {error.Reason}" : string.Empty)}."));
                return;
            }

            readBack!.AddWatermarks(batch);
            Commit(batch);
            captureRequested = false;
        }
        catch (KafkaException exception)
        {
            Context.Fail(new InvalidOperationException($"Committing the transaction failed: {exception.Error.Reason} ({exception.Error.Code}).", exception));
        }
        finally
        {
            Monitor.Exit(captureLock);
        }
    }

    private void Commit(CheckpointBatch batch)
    {
        lock (SendGate)
        {
            Context.Checkpoints.Write(batch, Producer);
            var offsets = batch.Offsets.Select(kv => new TopicPartitionOffset(Context.SourceTopic, kv.Key, kv.Value)).ToList();
            if (offsets.Count > 0)
            {
                Producer.Producer.SendOffsetsToTransaction(offsets, Consumer.ConsumerGroupMetadata, TransactionTimeout);
            }

            Producer.Producer.CommitTransaction(TransactionTimeout);
            Producer.Producer.BeginTransaction();
            lock (committedLock)
            {
                committedInTransaction = offsets;
            }
        }
    }

    /// <summary>Also commits the transaction's offsets to the group (the mock broker does not store offsets sent to transactions; lag monitoring reads these).</summary>
    private void CommitGroupOffsetsAfterTransaction()
    {
        List<TopicPartitionOffset>? offsets;
        lock (committedLock)
        {
            offsets = committedInTransaction;
            committedInTransaction = null;
        }

        if (offsets is { Count: > 0 })
        {
            CommitOffsets(offsets.ToDictionary(tpo => tpo.Partition.Value, tpo => tpo.Offset.Value));
        }
    }
}
