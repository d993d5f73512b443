using StreamClassifier.Kafka.Checkpoints;
using StreamClassifier.Kafka.Clients;
using StreamClassifier.Kafka.Delivery;

namespace StreamClassifier.Kafka.Commits;

/// <summary>
/// <c>delivery: at_least_once</c>: a cut every commit interval, advanced a step per poll-loop turn
/// without blocking it: once the broker acknowledged every send the cut covers, its checkpoint is
/// written; once that is acknowledged, its offsets are committed (docs/kafka.md, "At-least-once").
/// </summary>
internal sealed class AtLeastOnceCommits(CommitContext context) : CommitStrategy(context)
{
    private readonly object gate = new();
    private CheckpointBatch? pending;

    /// <inheritdoc />
    public override bool RequestCheckpoint()
    {
        lock (gate)
        {
            if (pending is not null)
            {
                return false;
            }
        }

        var batch = Context.Checkpoints.Capture(null, Producer);
        lock (gate)
        {
            pending = batch;
        }

        return true;
    }

    /// <inheritdoc />
    public override void Drive()
    {
        CheckpointBatch? batch;
        lock (gate)
        {
            batch = pending;
        }

        if (batch is null)
        {
            return;
        }

        if (batch.CheckpointSequence < 0)
        {
            if (Producer.AcknowledgedThrough >= batch.WorkSequence)
            {
                Context.Checkpoints.Write(batch, Producer);
            }

            return;
        }

        if (Producer.AcknowledgedThrough >= batch.CheckpointSequence)
        {
            CommitOffsets(batch.Offsets);
            lock (gate)
            {
                if (ReferenceEquals(pending, batch))
                {
                    pending = null;
                }
            }
        }
    }

    /// <inheritdoc />
    public override void CommitNow(IReadOnlyCollection<int>? only)
    {
        var timeout = Context.Options.DrainTimeout;
        var batch = Context.Checkpoints.Capture(only, Producer);
        if (!Producer.WaitForAcknowledgements(batch.WorkSequence, timeout))
        {
            throw new TimeoutException($"alerts and dead letters were not acknowledged within {timeout.TotalSeconds:0} s");
        }

        Context.Checkpoints.Write(batch, Producer);
        if (!Producer.WaitForAcknowledgements(batch.CheckpointSequence, timeout))
        {
            throw new TimeoutException($"the checkpoint was not acknowledged within {timeout.TotalSeconds:0} s");
        }

        CommitOffsets(batch.Offsets);
    }

    /// <inheritdoc />
    public override void Forget(IReadOnlyCollection<int> numbers)
    {
        lock (gate)
        {
            if (pending is not null)
            {
                foreach (var number in numbers)
                {
                    pending.Offsets.Remove(number);
                }
            }
        }
    }

    /// <inheritdoc />
    public override void BeforeFinalCommit()
    {
        lock (gate)
        {
            pending = null;
        }
    }

    /// <inheritdoc />
    protected override TrackedProducer CreateProducer(KafkaClientConfigs clients) => new(clients.Producer(), null, Context.Logger);
}
