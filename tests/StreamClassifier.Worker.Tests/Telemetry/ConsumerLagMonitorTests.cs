using Confluent.Kafka;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Worker.Telemetry;

namespace StreamClassifier.Worker.Tests.Telemetry;

/// <summary>Lag per owned partition against librdkafka's in-process mock cluster.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class ConsumerLagMonitorTests
{
    [Fact]
    public void Lag_is_high_watermark_minus_committed_offset_on_owned_partitions_only()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 1);
        cluster.CreateTopic("sensors.lag", partitions: 3);
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            for (var index = 0; index < 5; index++)
            {
                producer.Produce(new TopicPartition("sensors.lag", 0), new Message<Null, string> { Value = $"p0-{index}" });
            }

            for (var index = 0; index < 3; index++)
            {
                producer.Produce(new TopicPartition("sensors.lag", 1), new Message<Null, string> { Value = $"p1-{index}" });
            }

            producer.Flush(TimeSpan.FromSeconds(10));
        }

        using (var committer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "lag-group" }).Build())
        {
            committer.Commit([new TopicPartitionOffset("sensors.lag", 0, 2)]);
        }

        var owned = new List<int> { 0, 1 };
        using var monitor = new ConsumerLagMonitor(cluster.BootstrapServers, "lag-group", "sensors.lag", () => owned, TimeSpan.FromHours(1));
        monitor.Refresh();
        Assert.True(monitor.BrokerReachable, monitor.LastError);
        Assert.Equal(new Dictionary<int, long> { [0] = 3, [1] = 3 }, monitor.Latest.OrderBy(pair => pair.Key).ToDictionary());

        // Partition 1 revoked: its series goes away instead of freezing at the last value.
        owned.Remove(1);
        monitor.Refresh();
        Assert.Equal([0], monitor.Latest.Keys);
    }

    [Fact]
    public void An_unreachable_broker_is_reported_not_thrown()
    {
        using var monitor = new ConsumerLagMonitor("127.0.0.1:1", "g", "t", () => [0], TimeSpan.FromHours(1), queryTimeout: TimeSpan.FromSeconds(1));
        monitor.Refresh();
        Assert.False(monitor.BrokerReachable);
        Assert.False(string.IsNullOrEmpty(monitor.LastError));
    }
}
