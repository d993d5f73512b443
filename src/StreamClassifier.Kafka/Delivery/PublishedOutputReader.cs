using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamClassifier.Kafka.Clients;
using StreamClassifier.Kafka.Alerts;
using StreamClassifier.Kafka.Consuming;
using StreamClassifier.Kafka.DeadLetters;

namespace StreamClassifier.Kafka.Delivery;

/// <summary>
/// Reads back, with read_committed, the alerts or dead letters already visible in an output topic
/// from given offsets to the end: what a downstream reader has seen or will see. The exactly-once
/// worker uses it after an assignment to find outputs of its partitions that lie past their
/// checkpoint (docs/kafka.md, "Exactly-once on the mock broker"). A group-less consumer that only
/// assigns partitions; one read at a time.
/// </summary>
public sealed class PublishedOutputReader : IDisposable
{
    private readonly IConsumer<byte[]?, byte[]?> consumer;
    private readonly ClientConfig clientConfig;
    private readonly ILogger logger;

    /// <summary>Creates the reader; nothing connects until it is used.</summary>
    /// <param name="clientConfig">Shared client settings (bootstrap, security).</param>
    /// <param name="logger">Receives librdkafka's log and client errors.</param>
    public PublishedOutputReader(ClientConfig clientConfig, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        this.clientConfig = clientConfig;
        this.logger = logger ?? NullLogger.Instance;
        consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig(clientConfig.ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            GroupId = "streamclassifier-output-read-back",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            IsolationLevel = IsolationLevel.ReadCommitted,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).WithLogger(this.logger).Build();
    }

    /// <summary>The current end offset (high watermark) of every partition of <paramref name="topic"/>.</summary>
    /// <exception cref="InvalidOperationException">The topic does not exist; the message names it.</exception>
    public Dictionary<int, long> EndOffsets(string topic, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        var deadline = DateTime.UtcNow + timeout;
        int count;
        using (var admin = new AdminClientBuilder(new AdminClientConfig(clientConfig.ToDictionary(kv => kv.Key, kv => kv.Value))).WithLogger(logger).Build())
        {
            var metadata = admin.GetMetadata(topic, timeout).Topics.FirstOrDefault(t => t.Topic == topic);
            count = metadata is { Error.IsError: false, Partitions.Count: > 0 } ? metadata.Partitions.Count
                : throw new InvalidOperationException($"The output topic '{topic}' does not exist ({metadata?.Error.Reason ?? "no metadata"}); exactly-once mode needs it before the worker starts. Create it, or fix sinks in the topology.");
        }

        return Enumerable.Range(0, count).ToDictionary(p => p, p => PartitionReadBack.Watermarks(consumer, new TopicPartition(topic, p), deadline).High.Value);
    }

    /// <summary>
    /// Every alert visible in <paramref name="alertsTopic"/> from <paramref name="from"/> (partition →
    /// first offset) to the end whose headers name <paramref name="sourceTopic"/> and one of <paramref name="sourcePartitions"/>.
    /// </summary>
    /// <exception cref="TimeoutException">The end was not reached in time; the message says where.</exception>
    public List<PublishedAlert> ReadAlerts(string alertsTopic, IReadOnlyDictionary<int, long> from, string sourceTopic, IReadOnlySet<int> sourcePartitions, TimeSpan timeout) =>
        Read(alertsTopic, from, sourceTopic, sourcePartitions, timeout, (result, partition) =>
        {
            try
            {
                var alert = AlertJson.Deserialize(result.Message.Value!);
                return new PublishedAlert(partition, alert.AlertId, alert.Sensor, alert.WindowEndMs, result.TopicPartitionOffset);
            }
            catch (JsonException)
            {
                return null;
            }
        });

    /// <summary>Every dead letter of the given source partitions visible in <paramref name="deadLetterTopic"/> from <paramref name="from"/> to the end.</summary>
    /// <exception cref="TimeoutException">The end was not reached in time; the message says where.</exception>
    public List<PublishedDeadLetter> ReadDeadLetters(string deadLetterTopic, IReadOnlyDictionary<int, long> from, string sourceTopic, IReadOnlySet<int> sourcePartitions, TimeSpan timeout) =>
        Read(deadLetterTopic, from, sourceTopic, sourcePartitions, timeout, (result, partition) =>
            result.Message.Headers.TryGetLastBytes(DeadLetterHeaders.SourceOffset, out var offsetBytes)
            && long.TryParse(Encoding.UTF8.GetString(offsetBytes), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                ? new PublishedDeadLetter(partition, offset, result.TopicPartitionOffset)
                : null);

    /// <inheritdoc />
    public void Dispose()
    {
        consumer.Close();
        consumer.Dispose();
    }

    private List<T> Read<T>(string topic, IReadOnlyDictionary<int, long> from, string sourceTopic, IReadOnlySet<int> sourcePartitions, TimeSpan timeout, Func<ConsumeResult<byte[]?, byte[]?>, int, T?> parse)
        where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(sourcePartitions);
        var found = new List<T>();
        var deadline = DateTime.UtcNow + timeout;
        var assignment = new List<TopicPartitionOffset>();
        foreach (var (partition, offset) in from)
        {
            var topicPartition = new TopicPartition(topic, partition);
            var watermarks = PartitionReadBack.Watermarks(consumer, topicPartition, deadline);
            var start = Math.Max(offset, watermarks.Low.Value);
            if (watermarks.High.Value > start)
            {
                assignment.Add(new TopicPartitionOffset(topicPartition, new Offset(start)));
            }
        }

        PartitionReadBack.ReadToEnd(
            consumer,
            assignment,
            deadline,
            pending => $"Reading back topic '{topic}' partitions {string.Join(",", pending.Order())} did not reach their end within {timeout.TotalSeconds:0} s; check that the topic is readable and that no transaction is stuck open.",
            result =>
            {
                if (SourcePartitionOf(result.Message, sourceTopic) is int partition && sourcePartitions.Contains(partition) && result.Message.Value is not null
                    && parse(result, partition) is { } output)
                {
                    found.Add(output);
                }
            });

        return found;
    }

    /// <summary>The source partition the worker's headers name, or null for another source topic or a record it did not write.</summary>
    private static int? SourcePartitionOf(Message<byte[]?, byte[]?> message, string sourceTopic) =>
        message.Headers is { } headers
        && headers.TryGetLastBytes(DeadLetterHeaders.SourceTopic, out var topicBytes) && Encoding.UTF8.GetString(topicBytes) == sourceTopic
        && headers.TryGetLastBytes(DeadLetterHeaders.SourcePartition, out var partitionBytes)
        && int.TryParse(Encoding.UTF8.GetString(partitionBytes), NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
            ? partition
            : null;
}
