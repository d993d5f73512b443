using System.Text;
using Confluent.Kafka;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Replay;
using StreamClassifier.Kafka.Tests.Support;

namespace StreamClassifier.Kafka.Tests.Embedded;

/// <summary>
/// The cause of the `bench --source kafka` stall (docs/kafka.md): librdkafka's mock broker keeps only
/// the newest 5 MiB of each partition, so a topic pre-filled beyond that loses its head before the
/// worker starts, and a bench waiting for every record waits forever. These tests pin the limit (they
/// fail the day the mock changes it) and the publisher's warning.
/// </summary>
public class MockRetentionTests
{
    [Fact]
    public void A_mock_partition_keeps_only_its_newest_5_MiB_and_moves_its_log_start()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 1);
        cluster.CreateTopic("retention", partitions: 1);
        var value = new byte[64 * 1024];
        const int Records = 120; // 7.5 MiB of values, one record per produce batch
        using (var producer = KafkaTestClients.Producer(cluster.BootstrapServers))
        {
            for (var i = 0; i < Records; i++)
            {
                producer.Produce("retention", new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes("k"), Value = value });
                producer.Flush(TimeSpan.FromSeconds(10)); // one batch each, so deletion granularity is one record
            }
        }

        var log = Assert.Single(PartitionLogs.Query(cluster.BootstrapServers, "retention", [0], TimeSpan.FromSeconds(10)));

        Assert.Equal(Records, log.LogEnd);
        Assert.True(log.LogStart > 0, $"the mock kept all {Records} records of 64 KiB; its per-partition limit changed (update EmbeddedKafkaCluster.MaxPartitionLogBytes and docs/kafka.md)");
        Assert.InRange(log.Count * value.Length, EmbeddedKafkaCluster.MaxPartitionLogBytes - (2 * value.Length), EmbeddedKafkaCluster.MaxPartitionLogBytes);
        Assert.Equal(log.Count, KafkaTestClients.ReadAll(cluster.BootstrapServers, "retention", (int)log.Count, TimeSpan.FromSeconds(20)).Count);
    }

    [Fact]
    public void Replay_warns_when_the_broker_deleted_records_it_just_published()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 1);
        cluster.CreateTopic("small", partitions: 1);
        cluster.CreateTopic("large", partitions: 1);
        var warnings = new List<string>();
        var publisher = new ReplayPublisher(cluster.BootstrapServers) { Warning = warnings.Add };

        publisher.Publish(Chunks(records: 20), "small", RecordFormat.Json, 0, null, CancellationToken.None);
        Assert.Equal(0, publisher.LastDiscardedByBroker);
        Assert.Empty(warnings);

        // ≈ 5 KB of JSON per record: 1,600 records are ≈ 8 MB in one partition.
        var acknowledged = publisher.Publish(Chunks(records: 1600), "large", RecordFormat.Json, 0, null, CancellationToken.None);
        Assert.Equal(1600, acknowledged);
        var log = Assert.Single(PartitionLogs.Query(cluster.BootstrapServers, "large", [0], TimeSpan.FromSeconds(10)));
        Assert.Equal(log.LogStart, publisher.LastDiscardedByBroker);
        Assert.InRange(publisher.LastDiscardedByBroker, 1, 1599);
        var warning = Assert.Single(warnings);
        Assert.Contains($"deleted {log.LogStart} of the records just published", warning, StringComparison.Ordinal);
        Assert.Contains("large[0]", warning, StringComparison.Ordinal);
        Assert.Contains("5 MiB per partition", warning, StringComparison.Ordinal);
    }

    private static Recording Chunks(int records)
    {
        var random = new Random(3);
        return new Recording([.. Enumerable.Range(0, records).Select(i => new SampleChunk(
            "sensor-1", 1_764_205_200_000 + (i * 1000.0), 250, 1, Enumerable.Range(0, 250).Select(_ => random.NextDouble()).ToArray()))]);
    }
}
