using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace StreamClassifier.Kafka.Alerts;

/// <summary>
/// Reads back, with read_committed, the alerts already visible in the alerts topic from given offsets
/// to the end: what a downstream reader has seen or will see. The exactly-once worker uses it after
/// an assignment to find alerts of its partitions that lie past their checkpoint (docs/kafka.md,
/// "Exactly-once on the mock broker"). A group-less consumer that only assigns partitions.
/// </summary>
public sealed class PublishedAlertReader : IDisposable
{
    private readonly IConsumer<byte[]?, byte[]?> consumer;
    private readonly ClientConfig clientConfig;
    private readonly string alertsTopic;

    /// <summary>Creates the reader; nothing connects until it is used.</summary>
    public PublishedAlertReader(ClientConfig clientConfig, string alertsTopic)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        ArgumentException.ThrowIfNullOrWhiteSpace(alertsTopic);
        this.clientConfig = clientConfig;
        this.alertsTopic = alertsTopic;
        consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig(clientConfig.ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            GroupId = "streamclassifier-alert-read-back",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            IsolationLevel = IsolationLevel.ReadCommitted,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
    }

    /// <summary>The alerts topic read.</summary>
    public string AlertsTopic => alertsTopic;

    /// <summary>The alerts topic's current end offset (high watermark) of every partition.</summary>
    /// <exception cref="InvalidOperationException">The topic does not exist; the message names it.</exception>
    public Dictionary<int, long> EndOffsets(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        int count;
        using (var admin = new AdminClientBuilder(new AdminClientConfig(clientConfig.ToDictionary(kv => kv.Key, kv => kv.Value))).Build())
        {
            var topic = admin.GetMetadata(alertsTopic, timeout).Topics.FirstOrDefault(t => t.Topic == alertsTopic);
            count = topic is { Error.IsError: false, Partitions.Count: > 0 } ? topic.Partitions.Count
                : throw new InvalidOperationException($"The alerts topic '{alertsTopic}' does not exist ({topic?.Error.Reason ?? "no metadata"}); exactly-once mode needs it before the worker starts. Create it, or fix sinks.alerts in the topology.");
        }

        return Enumerable.Range(0, count).ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(new TopicPartition(alertsTopic, p), Remaining(deadline)).High.Value);
    }

    /// <summary>
    /// Every alert visible from <paramref name="from"/> (alerts partition → first offset) to the end
    /// whose headers name <paramref name="sourceTopic"/> and one of <paramref name="sourcePartitions"/>.
    /// </summary>
    /// <exception cref="TimeoutException">The end was not reached in time; the message says where.</exception>
    public List<PublishedAlert> Read(IReadOnlyDictionary<int, long> from, string sourceTopic, IReadOnlySet<int> sourcePartitions, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(sourcePartitions);
        var found = new List<PublishedAlert>();
        var deadline = DateTime.UtcNow + timeout;
        var assignment = new List<TopicPartitionOffset>();
        foreach (var (partition, offset) in from)
        {
            var topicPartition = new TopicPartition(alertsTopic, partition);
            var watermarks = consumer.QueryWatermarkOffsets(topicPartition, Remaining(deadline));
            if (watermarks.High.Value > Math.Max(offset, watermarks.Low.Value))
            {
                assignment.Add(new TopicPartitionOffset(topicPartition, new Offset(Math.Max(offset, watermarks.Low.Value))));
            }
        }

        if (assignment.Count == 0)
        {
            return found;
        }

        var pending = assignment.Select(tpo => tpo.Partition.Value).ToHashSet();
        consumer.Assign(assignment);
        try
        {
            while (pending.Count > 0)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw new TimeoutException($"Reading back alerts topic '{alertsTopic}' partitions {string.Join(",", pending.Order())} did not reach their end within {timeout.TotalSeconds:0} s; check that the topic is readable and that no transaction is stuck open.");
                }

                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is null)
                {
                    continue;
                }

                if (result.IsPartitionEOF)
                {
                    pending.Remove(result.Partition.Value);
                    continue;
                }

                if (TryParse(result.Message, result.TopicPartitionOffset, sourceTopic, sourcePartitions) is { } alert)
                {
                    found.Add(alert);
                }
            }
        }
        finally
        {
            consumer.Unassign();
        }

        return found;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        consumer.Close();
        consumer.Dispose();
    }

    private static PublishedAlert? TryParse(Message<byte[]?, byte[]?> message, TopicPartitionOffset at, string sourceTopic, IReadOnlySet<int> sourcePartitions)
    {
        if (message.Headers is not { } headers
            || !headers.TryGetLastBytes(AlertHeaders.SourceTopic, out var topicBytes) || Encoding.UTF8.GetString(topicBytes) != sourceTopic
            || !headers.TryGetLastBytes(AlertHeaders.SourcePartition, out var partitionBytes)
            || !int.TryParse(Encoding.UTF8.GetString(partitionBytes), NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
            || !sourcePartitions.Contains(partition) || message.Value is null)
        {
            return null; // another partition's alert, or not one this worker wrote
        }

        try
        {
            var alert = AlertJson.Deserialize(message.Value);
            return new PublishedAlert(partition, alert.AlertId, alert.Sensor, alert.WindowEndMs, at);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TimeSpan Remaining(DateTime deadline)
    {
        var left = deadline - DateTime.UtcNow;
        return left > TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100);
    }
}
