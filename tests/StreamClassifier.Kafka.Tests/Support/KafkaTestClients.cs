using Confluent.Kafka;

namespace StreamClassifier.Kafka.Tests.Support;

/// <summary>Plain producers and consumers for tests, with bounded reads.</summary>
public static class KafkaTestClients
{
    /// <summary>A producer that waits for all replicas.</summary>
    public static IProducer<byte[]?, byte[]?> Producer(string bootstrap) =>
        new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, EnableIdempotence = true, LingerMs = 1 }).Build();

    /// <summary>Reads every record of <paramref name="topic"/> from the beginning until <paramref name="expected"/> arrived (bounded).</summary>
    public static List<ConsumeResult<byte[]?, byte[]?>> ReadAll(string bootstrap, string topic, int expected, TimeSpan timeout, bool readCommitted = false)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "test-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            IsolationLevel = readCommitted ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        consumer.Subscribe(topic);
        var records = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow + timeout;
        while (records.Count < expected && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is { IsPartitionEOF: false, Message: not null })
            {
                records.Add(result);
            }
        }

        consumer.Close();
        if (records.Count < expected)
        {
            throw new TimeoutException($"Read {records.Count} of {expected} expected records from '{topic}' within {timeout.TotalSeconds:0} s.");
        }

        return records;
    }

    /// <summary>Every record of every partition of <paramref name="topic"/>, from the beginning to the current end (bounded).</summary>
    public static List<ConsumeResult<byte[]?, byte[]?>> ReadToEnd(string bootstrap, string topic, int partitions, TimeSpan timeout, bool readCommitted = false)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "test-reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            IsolationLevel = readCommitted ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted,
        }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var pending = Enumerable.Range(0, partitions).ToHashSet();
        var records = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow + timeout;
        while (pending.Count > 0)
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Reading '{topic}' to its end took over {timeout.TotalSeconds:0} s (partitions {string.Join(",", pending)} not at their end).");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                pending.Remove(result.Partition.Value);
            }
            else
            {
                records.Add(result);
            }
        }

        return records;
    }
}
