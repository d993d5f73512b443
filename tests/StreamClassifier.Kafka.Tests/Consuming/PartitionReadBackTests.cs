using Confluent.Kafka;
using StreamClassifier.Kafka.Consuming;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Tests.Support;

namespace StreamClassifier.Kafka.Tests.Consuming;

/// <summary>The read-back consumers (checkpoints, published outputs) ride out a broker that is down for a moment.</summary>
public class PartitionReadBackTests
{
    [Fact]
    public async Task Watermarks_of_a_partition_whose_leader_is_down_are_read_once_it_is_back_within_the_deadline()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 3);
        cluster.CreateTopic("led", partitions: 1, replicationFactor: 3);
        cluster.SetPartitionLeader("led", 0, 2);
        using (var producer = KafkaTestClients.Producer(cluster.BootstrapServers))
        {
            producer.Produce("led", new Message<byte[]?, byte[]?> { Value = [1] });
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));
        }

        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "read-back-" + Guid.NewGuid().ToString("N") }).Build();
        cluster.SetBrokerDown(2);
        var up = Task.Delay(TimeSpan.FromSeconds(2)).ContinueWith(_ => cluster.SetBrokerUp(2), TaskScheduler.Default);

        var watermarks = PartitionReadBack.Watermarks(consumer, new TopicPartition("led", 0), DateTime.UtcNow + TimeSpan.FromSeconds(30));

        Assert.Equal(1, watermarks.High.Value);
        await up;
    }

    [Fact]
    public void Watermarks_give_up_with_the_broker_error_at_the_deadline()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 3);
        cluster.CreateTopic("led", partitions: 1, replicationFactor: 3);
        cluster.SetPartitionLeader("led", 0, 2);
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "read-back-" + Guid.NewGuid().ToString("N") }).Build();
        cluster.SetBrokerDown(2);

        Assert.Throws<KafkaException>(() => PartitionReadBack.Watermarks(consumer, new TopicPartition("led", 0), DateTime.UtcNow + TimeSpan.FromSeconds(2)));
    }
}
