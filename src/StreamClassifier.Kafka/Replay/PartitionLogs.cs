using Confluent.Kafka;

namespace StreamClassifier.Kafka.Replay;

/// <summary>One partition's log as the broker holds it now: offsets [<paramref name="LogStart"/>, <paramref name="LogEnd"/>).</summary>
/// <param name="Partition">Partition number.</param>
/// <param name="LogStart">The first offset still in the log (the low watermark); earlier records were deleted by retention.</param>
/// <param name="LogEnd">One past the last offset (the high watermark).</param>
public sealed record PartitionLog(int Partition, long LogStart, long LogEnd)
{
    /// <summary>Records still held.</summary>
    public long Count => LogEnd - LogStart;
}

/// <summary>
/// Reads a topic's log boundaries. A broker deletes the oldest records of a partition when its
/// retention is exceeded; librdkafka's mock broker (the embedded broker) does so as soon as a
/// partition holds more than <see cref="Embedded.EmbeddedKafkaCluster.MaxPartitionLogBytes"/>, so a
/// large topic filled before anyone reads it silently loses its head. Comparing what was published
/// with these boundaries makes that loss visible.
/// </summary>
public static class PartitionLogs
{
    /// <summary>The boundaries of <paramref name="partitions"/> of <paramref name="topic"/>.</summary>
    /// <param name="bootstrapServers">Bootstrap servers.</param>
    /// <param name="topic">The topic.</param>
    /// <param name="partitions">Partition numbers.</param>
    /// <param name="timeout">Bound per partition query.</param>
    /// <param name="extraConfig">Extra librdkafka settings (SASL/SSL etc.).</param>
    /// <exception cref="KafkaException">The broker did not answer within <paramref name="timeout"/>.</exception>
    public static IReadOnlyList<PartitionLog> Query(string bootstrapServers, string topic, IEnumerable<int> partitions, TimeSpan timeout, IReadOnlyDictionary<string, string>? extraConfig = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrapServers);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(partitions);
        var config = new ConsumerConfig(extraConfig?.ToDictionary() ?? [])
        {
            BootstrapServers = bootstrapServers,
            GroupId = "streamclassifier-watermarks", // required by the client; never joined
            ClientId = "streamclassifier-watermarks",
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        return [.. partitions.Order().Select(partition =>
        {
            var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), timeout);
            return new PartitionLog(partition, watermarks.Low.Value, watermarks.High.Value);
        })];
    }

    /// <summary>The partition numbers of <paramref name="topic"/> from the cluster metadata.</summary>
    /// <exception cref="KafkaException">The topic does not exist or the broker did not answer.</exception>
    public static IReadOnlyList<int> PartitionsOf(string bootstrapServers, string topic, TimeSpan timeout, IReadOnlyDictionary<string, string>? extraConfig = null)
    {
        var config = new AdminClientConfig(extraConfig?.ToDictionary() ?? []) { BootstrapServers = bootstrapServers };
        using var admin = new AdminClientBuilder(config).Build();
        var metadata = admin.GetMetadata(topic, timeout).Topics.FirstOrDefault(t => t.Topic == topic);
        if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
        {
            throw new KafkaException(metadata?.Error ?? new Error(ErrorCode.UnknownTopicOrPart, $"topic '{topic}' not found"));
        }

        return [.. metadata.Partitions.Select(p => p.PartitionId).Order()];
    }
}
