using Confluent.Kafka;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Tests.Support;

namespace StreamClassifier.Kafka.Tests.Embedded;

/// <summary>
/// Pins what librdkafka 2.16 and its mock cluster do with the KIP-848 consumer group protocol
/// (<c>group.protocol: consumer</c>), which the worker supports: the mock's ConsumerGroupHeartbeat
/// handler assigns partitions to a member and offsets commit; librdkafka refuses the classic
/// protocol's client-side group settings with it (so the topology loader refuses them first).
/// </summary>
public class MockConsumerProtocolTests
{
    [Fact]
    public void A_consumer_protocol_member_is_assigned_every_partition_reads_them_and_commits()
    {
        using var cluster = EmbeddedKafkaCluster.Start(1);
        cluster.CreateTopic("kip848", 4);
        using (var producer = KafkaTestClients.Producer(cluster.BootstrapServers))
        {
            for (var i = 0; i < 20; i++)
            {
                producer.Produce("kip848", new Message<byte[]?, byte[]?> { Key = [(byte)i], Value = [1] });
            }

            producer.Flush(TimeSpan.FromSeconds(10));
        }

        var assigned = new List<int>();
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "kip848-group",
            GroupProtocol = GroupProtocol.Consumer,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
        })
            .SetLogHandler((_, _) => { })
            .SetPartitionsAssignedHandler((_, partitions) => assigned.AddRange(partitions.Select(tp => tp.Partition.Value)))
            .Build();
        consumer.Subscribe("kip848");
        var read = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (read < 20 && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false, Message: not null } result)
            {
                consumer.StoreOffset(result);
                read++;
            }
        }

        var committed = consumer.Commit();
        consumer.Close();
        Assert.Equal(20, read);
        Assert.Equal([0, 1, 2, 3], assigned.Order());
        Assert.Equal(20, committed.Sum(tpo => tpo.Offset.Value));
    }

    [Theory]
    [InlineData("session.timeout.ms", "6000")]
    [InlineData("heartbeat.interval.ms", "500")]
    [InlineData("partition.assignment.strategy", "cooperative-sticky")]
    public void Librdkafka_refuses_classic_group_settings_with_the_consumer_protocol(string key, string value)
    {
        var config = new ConsumerConfig { BootstrapServers = "127.0.0.1:1", GroupId = "g", GroupProtocol = GroupProtocol.Consumer };
        config.Set(key, value);

        var refused = Assert.ThrowsAny<Exception>(() => new ConsumerBuilder<byte[]?, byte[]?>(config).SetLogHandler((_, _) => { }).Build().Dispose());

        Assert.Contains(key, refused.Message, StringComparison.Ordinal);
    }
}
