using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Codecs;

namespace StreamClassifier.Kafka.Replay;

/// <summary>
/// Publishes a recording as sensor records keyed by sensor id (idempotent producer, acks=all, so
/// per-sensor order survives retries), paced at a multiple of real time, and returns once the broker
/// acknowledged every record. It then compares what it wrote with each partition's log start: a
/// broker whose retention already deleted some of the records just published (the embedded broker
/// keeps 5 MiB per partition) gets a <see cref="Warning"/>, because a consumer that had not read them
/// yet never will.
/// </summary>
public sealed class ReplayPublisher
{
    private readonly ProducerConfig config;
    private readonly IReadOnlyDictionary<string, string>? extraConfig;

    /// <summary>Creates a publisher.</summary>
    /// <param name="bootstrapServers">Bootstrap servers.</param>
    /// <param name="extraConfig">Extra librdkafka settings (SASL/SSL etc.).</param>
    public ReplayPublisher(string bootstrapServers, IReadOnlyDictionary<string, string>? extraConfig = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrapServers);
        this.extraConfig = extraConfig;
        config = new ProducerConfig(extraConfig?.ToDictionary() ?? [])
        {
            BootstrapServers = bootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
            CompressionType = CompressionType.None,
            ClientId = "streamclassifier-replay",
        };
    }

    /// <summary>Receives a warning when the broker no longer holds records this publisher wrote (see the class remarks).</summary>
    public Action<string>? Warning { get; init; }

    /// <summary>Records of the last <see cref="Publish"/> that the broker had already deleted when it returned (0 when all are still there).</summary>
    public long LastDiscardedByBroker { get; private set; }

    /// <summary>Publishes every chunk and waits for every acknowledgement.</summary>
    /// <param name="recording">The recording.</param>
    /// <param name="topic">Destination topic.</param>
    /// <param name="format">Record format (also sent as the content-type header).</param>
    /// <param name="speed">Multiple of real time; 0 publishes as fast as possible.</param>
    /// <param name="progress">Receives the number of acknowledged records.</param>
    /// <param name="cancellationToken">Stops publishing (records already sent are still awaited).</param>
    /// <returns>The number of acknowledged records.</returns>
    /// <exception cref="KafkaException">A record was not acknowledged; the message says which and why.</exception>
    public long Publish(Recording recording, string topic, RecordFormat format, double speed, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        if (!(speed >= 0) || double.IsInfinity(speed))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "--speed is a multiple of real time: 0 (as fast as possible) or a positive number.");
        }

        var deliveries = new DeliveryTally(progress);
        var contentType = Encoding.ASCII.GetBytes(RecordContentType.For(format));
        using var producer = new ProducerBuilder<byte[], byte[]>(config).Build();
        var clock = Stopwatch.StartNew();
        foreach (var chunk in recording.Chunks)
        {
            if (cancellationToken.IsCancellationRequested || deliveries.FirstError is not null
                || !WaitUntilDue(chunk, recording.StartMs, speed, clock, cancellationToken))
            {
                break;
            }

            var message = new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(chunk.SensorId),
                Value = SensorRecordEncoder.Encode(chunk, format),
                Headers = new Headers { { RecordContentType.HeaderName, contentType } },
                Timestamp = new Timestamp(DateTime.UnixEpoch.AddMilliseconds(chunk.T0Ms)),
            };
            ProduceWhenQueued(producer, topic, message, deliveries.OnDelivered);
        }

        // Flush returns the number still in flight; keep going until none are (librdkafka retries internally).
        while (producer.Flush(TimeSpan.FromSeconds(1)) > 0)
        {
            if (deliveries.FirstError is not null)
            {
                break;
            }
        }

        if (deliveries.FirstError is { } error)
        {
            throw new KafkaException(error);
        }

        LastDiscardedByBroker = CheckRetention(topic, deliveries.Written);
        return deliveries.Acknowledged;
    }

    /// <summary>Waits until the chunk is due: when its last sample would have been measured, scaled by speed. False when cancelled meanwhile.</summary>
    private static bool WaitUntilDue(SampleChunk chunk, double startMs, double speed, Stopwatch clock, CancellationToken cancellationToken)
    {
        if (speed <= 0)
        {
            return true;
        }

        var dueMs = (chunk.TimeOf(chunk.SampleCount - 1) - startMs) / speed;
        var waitMs = dueMs - clock.Elapsed.TotalMilliseconds;
        return !(waitMs > 0 && cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(waitMs)));
    }

    /// <summary>Hands the message to the producer, serving delivery reports while its local queue is full.</summary>
    private static void ProduceWhenQueued(IProducer<byte[], byte[]> producer, string topic, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>> onDelivered)
    {
        while (true)
        {
            try
            {
                producer.Produce(topic, message, onDelivered);
                return;
            }
            catch (ProduceException<byte[], byte[]> exception) when (exception.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(100));
            }
        }
    }

    private long CheckRetention(string topic, Dictionary<int, (long First, long Last)> written)
    {
        if (written.Count == 0)
        {
            return 0;
        }

        IReadOnlyList<PartitionLog> logs;
        try
        {
            logs = PartitionLogs.Query(config.BootstrapServers, topic, written.Keys, TimeSpan.FromSeconds(10), extraConfig);
        }
        catch (KafkaException exception)
        {
            Warning?.Invoke($"could not check that {topic} still holds every record published: {exception.Error.Reason}");
            return 0;
        }

        var discarded = 0L;
        var details = new List<string>();
        foreach (var log in logs)
        {
            var (first, last) = written[log.Partition];
            var gone = Math.Clamp(log.LogStart - first, 0, last - first + 1);
            if (gone > 0)
            {
                discarded += gone;
                details.Add($"{topic}[{log.Partition}]: {gone} of offsets {first}..{last} (log now starts at {log.LogStart})");
            }
        }

        if (discarded > 0)
        {
            Warning?.Invoke(
                $"the broker already deleted {discarded} of the records just published ({string.Join("; ", details)}). A consumer that had not read them will never see them. " +
                "The embedded broker (librdkafka's mock) keeps only the newest 5 MiB per partition: start the worker before replaying, replay with --speed, use more partitions (broker --partitions), or a real broker.");
        }

        return discarded;
    }

    /// <summary>What the delivery reports of one publish said: records acknowledged, the first error, and the offsets written per partition.</summary>
    private sealed class DeliveryTally(IProgress<long>? progress)
    {
        private long acknowledged;
        private Error? firstError;

        public long Acknowledged => Interlocked.Read(ref acknowledged);

        public Error? FirstError => Volatile.Read(ref firstError);

        /// <summary>First and last offset written per partition (read after the flush).</summary>
        public Dictionary<int, (long First, long Last)> Written { get; } = [];

        public void OnDelivered(DeliveryReport<byte[], byte[]> report)
        {
            if (report.Error.IsError)
            {
                Interlocked.CompareExchange(ref firstError, report.Error, null);
                return;
            }

            lock (Written)
            {
                var offset = report.Offset.Value;
                Written[report.Partition.Value] = Written.TryGetValue(report.Partition.Value, out var range)
                    ? (Math.Min(range.First, offset), Math.Max(range.Last, offset))
                    : (offset, offset);
            }

            // Count first: with ?. the argument would not even be evaluated when progress is null.
            var count = Interlocked.Increment(ref acknowledged);
            progress?.Report(count);
        }
    }
}
