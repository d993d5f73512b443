using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamClassifier.Kafka.Clients;

namespace StreamClassifier.Worker.Telemetry;

/// <summary>
/// Measures the group's lag on the partitions this worker owns, every <c>interval</c>, on its own timer
/// so a metrics scrape never waits on the broker: lag = high watermark − committed offset (or − low
/// watermark when the group has committed nothing yet). Uses a separate consumer that never subscribes,
/// so it does not join the group; its last successful query also tells readiness the broker is reachable.
/// The same watermarks date the committed position (<see cref="LagTimeline"/>): how many seconds behind
/// the head of the log the group is.
/// </summary>
internal sealed class ConsumerLagMonitor : IDisposable
{
    /// <summary>How far back the high watermarks are remembered: a position further behind is reported as at least this old.</summary>
    public static readonly TimeSpan TimelineHorizon = TimeSpan.FromHours(1);

    private readonly IConsumer<Ignore, Ignore> consumer;
    private readonly string topic;
    private readonly Func<IReadOnlyList<int>> assignedPartitions;
    private readonly ConcurrentDictionary<int, long> latest = new();
    private readonly ConcurrentDictionary<int, double> latestSeconds = new();
    private readonly Dictionary<int, LagTimeline> timelines = [];
    private readonly Timer timer;
    private readonly object refreshLock = new();
    private readonly TimeSpan queryTimeout;
    private int disposed;

    /// <summary>Starts measuring.</summary>
    /// <param name="bootstrapServers">Kafka bootstrap servers.</param>
    /// <param name="group">The worker's consumer group.</param>
    /// <param name="topic">The source topic.</param>
    /// <param name="assignedPartitions">The partitions this worker owns now (e.g. <c>KafkaWorker.AssignedPartitions</c>).</param>
    /// <param name="interval">Time between measurements.</param>
    /// <param name="config">Extra client settings (security) from the topology.</param>
    /// <param name="queryTimeout">How long one broker query may take (default 5 s).</param>
    /// <param name="logger">Receives librdkafka's log and client errors of the lag consumer.</param>
    public ConsumerLagMonitor(string bootstrapServers, string group, string topic, Func<IReadOnlyList<int>> assignedPartitions, TimeSpan interval, IEnumerable<KeyValuePair<string, string>>? config = null, TimeSpan? queryTimeout = null, ILogger? logger = null)
    {
        this.queryTimeout = queryTimeout ?? TimeSpan.FromSeconds(5);
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrapServers);
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(assignedPartitions);
        this.topic = topic;
        this.assignedPartitions = assignedPartitions;
        var consumerConfig = new ConsumerConfig(config?.ToDictionary(kv => kv.Key, kv => kv.Value) ?? [])
        {
            BootstrapServers = bootstrapServers,
            GroupId = group,
            EnableAutoCommit = false,
        };
        consumerConfig.ClientId = $"{consumerConfig.ClientId ?? KafkaClientConfigs.DefaultClientId}-lag";
        consumer = new ConsumerBuilder<Ignore, Ignore>(consumerConfig).WithLogger(logger ?? NullLogger.Instance).Build();
        Tags =
        [
            new(TelemetryNames.MessagingSystem, "kafka"),
            new(TelemetryNames.DestinationName, topic),
            new(TelemetryNames.ConsumerGroup, group),
        ];
        timer = new Timer(_ => Refresh(), null, TimeSpan.Zero, interval);
    }

    /// <summary>Lag per owned partition at the last measurement.</summary>
    public IReadOnlyDictionary<int, long> Latest => latest;

    /// <summary>Seconds behind the head of the log per owned partition at the last measurement.</summary>
    public IReadOnlyDictionary<int, double> LatestSeconds => latestSeconds;

    /// <summary>The worst seconds behind over the owned partitions and the total lag in records, at the last measurement.</summary>
    public (double Seconds, long Records) Worst() =>
        (latestSeconds.Values.DefaultIfEmpty(0).Max(), latest.Values.Sum());

    /// <summary>Attributes shared by every lag series (system, topic, group).</summary>
    public KeyValuePair<string, object?>[] Tags { get; }

    /// <summary>True when the last query reached the broker.</summary>
    public bool BrokerReachable { get; private set; }

    /// <summary>Why the last query failed, if it did.</summary>
    public string? LastError { get; private set; }

    /// <summary>Measures now (also called by the timer).</summary>
    public void Refresh()
    {
        if (!Monitor.TryEnter(refreshLock))
        {
            return; // a slow broker: the previous measurement is still running
        }

        try
        {
            if (Volatile.Read(ref disposed) != 0)
            {
                return;
            }

            var owned = assignedPartitions().Select(partition => new TopicPartition(topic, partition)).ToList();
            var committed = owned.Count == 0 ? [] : consumer.Committed(owned, queryTimeout).ToDictionary(offset => offset.Partition.Value, offset => offset.Offset);
            var measured = new Dictionary<int, (long Records, double Seconds)>();
            foreach (var partition in owned)
            {
                var watermarks = consumer.QueryWatermarkOffsets(partition, queryTimeout);
                var from = committed.TryGetValue(partition.Partition.Value, out var offset) && offset != Offset.Unset ? offset.Value : watermarks.Low.Value;
                var now = DateTimeOffset.UtcNow;
                if (!timelines.TryGetValue(partition.Partition.Value, out var timeline))
                {
                    timelines[partition.Partition.Value] = timeline = new LagTimeline(TimelineHorizon);
                }

                timeline.Observe(now, watermarks.High.Value);
                measured[partition.Partition.Value] = (Math.Max(0, watermarks.High.Value - from), timeline.SecondsBehind(from, now));
            }

            if (owned.Count == 0)
            {
                // Nothing owned yet: still prove the broker answers.
                consumer.GetWatermarkOffsets(new TopicPartition(topic, 0));
                using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
                admin.GetMetadata(topic, queryTimeout);
            }

            foreach (var gone in latest.Keys.Where(partition => !measured.ContainsKey(partition)).ToList())
            {
                latest.TryRemove(gone, out _);
                latestSeconds.TryRemove(gone, out _);
            }

            foreach (var (partition, (records, seconds)) in measured)
            {
                latest[partition] = records;
                latestSeconds[partition] = seconds;
            }

            BrokerReachable = true;
            LastError = null;
        }
        catch (KafkaException exception)
        {
            BrokerReachable = false;
            LastError = exception.Error.Reason;
        }
        finally
        {
            Monitor.Exit(refreshLock);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        timer.Dispose();
        lock (refreshLock)
        {
            consumer.Dispose();
        }
    }
}
