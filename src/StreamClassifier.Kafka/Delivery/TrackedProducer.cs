using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamClassifier.Kafka.Clients;

namespace StreamClassifier.Kafka.Delivery;

/// <summary>
/// One producer for alerts, dead letters and checkpoints that numbers every send, so the worker can
/// ask "has everything sent up to here been acknowledged?" (<see cref="AcknowledgedThrough"/>) before
/// it commits offsets. Idempotent with acks=all; transactional in exactly-once mode. A send that
/// fails after librdkafka's own retries is fatal (<see cref="FatalError"/>): the worker then stops
/// without committing, so the work is redone after a restart.
/// </summary>
public sealed class TrackedProducer : IDisposable
{
    private readonly object gate = new();
    private readonly SortedSet<long> outstanding = [];
    private readonly Dictionary<TopicPartition, long> deliveredEnd = [];
    private long lastSequence;

    /// <summary>Creates the producer.</summary>
    /// <param name="config">Settings (bootstrap, security); idempotence and acks=all are forced.</param>
    /// <param name="transactionalId">Set for exactly-once mode.</param>
    /// <param name="logger">Receives librdkafka's log and client errors.</param>
    public TrackedProducer(ProducerConfig config, string? transactionalId = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var settings = new ProducerConfig(config.ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = config.LingerMs ?? 2,
            TransactionalId = transactionalId,
        };
        Producer = new ProducerBuilder<byte[]?, byte[]?>(settings).WithLogger(logger ?? NullLogger.Instance).Build();
        IsTransactional = transactionalId is not null;
    }

    /// <summary>The underlying producer (for transactions).</summary>
    public IProducer<byte[]?, byte[]?> Producer { get; }

    /// <summary>True in exactly-once mode.</summary>
    public bool IsTransactional { get; }

    /// <summary>The first send that failed for good, if any.</summary>
    public Error? FatalError { get; private set; }

    /// <summary>What the failed send was.</summary>
    public string? FatalContext { get; private set; }

    /// <summary>Sequence number of the last send.</summary>
    public long LastSequence
    {
        get
        {
            lock (gate)
            {
                return lastSequence;
            }
        }
    }

    /// <summary>Every send with a sequence number up to this one has been acknowledged.</summary>
    public long AcknowledgedThrough
    {
        get
        {
            lock (gate)
            {
                return outstanding.Count == 0 ? lastSequence : outstanding.Min - 1;
            }
        }
    }

    /// <summary>
    /// Per partition of <paramref name="topic"/>, one past the highest offset acknowledged to this
    /// producer so far (partitions it never wrote to are absent). Every record it sends from now on
    /// lands at or after these offsets.
    /// </summary>
    public Dictionary<int, long> DeliveredEndOffsets(string topic)
    {
        lock (gate)
        {
            return deliveredEnd.Where(kv => kv.Key.Topic == topic).ToDictionary(kv => kv.Key.Partition.Value, kv => kv.Value);
        }
    }

    /// <summary>Sends a record; returns its sequence number.</summary>
    /// <param name="topic">Topic.</param>
    /// <param name="message">Message.</param>
    /// <param name="what">Describes the record for error messages.</param>
    /// <param name="partition">An explicit partition, or null for the key's partition.</param>
    /// <param name="onAcknowledged">Called on the delivery thread after a successful acknowledgement.</param>
    public long Send(string topic, Message<byte[]?, byte[]?> message, string what, int? partition = null, Action? onAcknowledged = null)
    {
        long sequence;
        lock (gate)
        {
            sequence = ++lastSequence;
            outstanding.Add(sequence);
        }

        void OnDelivery(DeliveryReport<byte[]?, byte[]?> report)
        {
            if (RecordDelivery(report, sequence, what))
            {
                onAcknowledged?.Invoke();
            }
        }

        while (true)
        {
            try
            {
                if (partition is int explicitPartition)
                {
                    Producer.Produce(new TopicPartition(topic, new Partition(explicitPartition)), message, OnDelivery);
                }
                else
                {
                    Producer.Produce(topic, message, OnDelivery);
                }

                return sequence;
            }
            catch (ProduceException<byte[]?, byte[]?> exception) when (exception.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Back-pressure from librdkafka's queue: let deliveries drain, then retry.
                Producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    /// <summary>
    /// Books a delivery report (on the delivery thread): an error becomes the fatal error unless one is
    /// already known; an acknowledgement retires the sequence and advances the partition's delivered end.
    /// </summary>
    /// <returns>True when the record was acknowledged.</returns>
    private bool RecordDelivery(DeliveryReport<byte[]?, byte[]?> report, long sequence, string what)
    {
        lock (gate)
        {
            if (report.Error.IsError)
            {
                if (FatalError is null)
                {
                    FatalError = report.Error;
                    FatalContext = what;
                }

                return false;
            }

            outstanding.Remove(sequence);
            if (report.Offset.Value >= 0)
            {
                var end = report.Offset.Value + 1;
                if (!deliveredEnd.TryGetValue(report.TopicPartition, out var known) || end > known)
                {
                    deliveredEnd[report.TopicPartition] = end;
                }
            }

            return true;
        }
    }

    /// <summary>Waits (bounded) until every send up to <paramref name="sequence"/> is acknowledged.</summary>
    /// <returns>False on timeout or a fatal error.</returns>
    public bool WaitForAcknowledgements(long sequence, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (AcknowledgedThrough < sequence)
        {
            if (FatalError is not null || DateTime.UtcNow >= deadline)
            {
                return false;
            }

            Producer.Flush(TimeSpan.FromMilliseconds(50));
        }

        return FatalError is null;
    }

    /// <inheritdoc />
    public void Dispose() => Producer.Dispose();
}
