using System.Text;
using Confluent.Kafka;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Tests.Support;

namespace StreamClassifier.Kafka.Tests.Embedded;

public class EmbeddedKafkaClusterTests
{
    [Fact]
    public void A_producer_and_a_consumer_round_trip_through_the_in_process_cluster()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 3);
        cluster.CreateTopic("round-trip", partitions: 2, replicationFactor: 3);

        RoundTrip(cluster.BootstrapServers, "round-trip", 50);
        Assert.StartsWith("127.0.0.1:", cluster.BootstrapServers, StringComparison.Ordinal);
        Assert.Equal(3, cluster.BootstrapServers.Split(',').Length);
    }

    [Fact]
    public void A_producer_and_a_consumer_round_trip_through_the_broker_command_in_another_process()
    {
        using var broker = BrokerProcess.Start(brokers: 1, partitions: 3, "sensors");
        RoundTrip(broker.BootstrapServers, "sensors", 30);

        broker.Process.Terminate();
        Assert.Equal(0, broker.Process.WaitForExit(TimeSpan.FromSeconds(20), "the broker to stop on SIGTERM"));
    }

    [Fact]
    public async Task Producing_survives_a_broker_that_goes_down_and_comes_back()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 1);
        cluster.CreateTopic("faults", partitions: 1);
        using var producer = KafkaTestClients.Producer(cluster.BootstrapServers);
        producer.Produce("faults", new Message<byte[]?, byte[]?> { Value = [1] });
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));

        cluster.SetBrokerDown(1);
        var delivery = producer.ProduceAsync("faults", new Message<byte[]?, byte[]?> { Value = [2] });
        Assert.NotSame(delivery, await Task.WhenAny(delivery, Task.Delay(TimeSpan.FromMilliseconds(500))));
        cluster.SetBrokerUp(1);
        var acknowledged = await delivery.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(PersistenceStatus.Persisted, acknowledged.Status);

        cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut);
        var retried = producer.ProduceAsync("faults", new Message<byte[]?, byte[]?> { Value = [3] });
        Assert.Equal(PersistenceStatus.Persisted, (await retried.WaitAsync(TimeSpan.FromSeconds(30))).Status);
        Assert.Equal(3, KafkaTestClients.ReadAll(cluster.BootstrapServers, "faults", 3, TimeSpan.FromSeconds(20)).Count);
    }

    [Fact]
    public void Fault_injection_names_the_broker_when_the_id_does_not_exist()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 2);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => cluster.SetBrokerDown(3));
        Assert.Contains("1 to 2", error.Message, StringComparison.Ordinal);
    }

    private static void RoundTrip(string bootstrap, string topic, int count)
    {
        using (var producer = KafkaTestClients.Producer(bootstrap))
        {
            for (var i = 0; i < count; i++)
            {
                producer.Produce(topic, new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes($"sensor-{i % 5}"), Value = Encoding.UTF8.GetBytes($"value-{i}") });
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(20)));
        }

        var records = KafkaTestClients.ReadAll(bootstrap, topic, count, TimeSpan.FromSeconds(30));
        var values = records.Select(r => Encoding.UTF8.GetString(r.Message.Value!)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"value-{i}").Order(StringComparer.Ordinal), values);
    }
}
