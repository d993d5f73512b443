using System.Globalization;
using System.Text;
using Confluent.Kafka;
using StreamClassifier.Core.Records;
using StreamClassifier.Kafka.Alerts;
using StreamClassifier.Kafka.Codecs;
using StreamClassifier.Kafka.DeadLetters;
using StreamClassifier.Kafka.Delivery;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Tests.Support;

namespace StreamClassifier.Kafka.Tests.Delivery;

public class PublishedOutputReaderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void Reads_the_alerts_of_the_asked_source_partitions_from_the_given_offsets_to_the_end()
    {
        using var cluster = EmbeddedKafkaCluster.Start(1);
        cluster.CreateTopic("alerts", 2);
        using (var producer = KafkaTestClients.Producer(cluster.BootstrapServers))
        {
            Send(producer, 0, Alert("ecg-1", 1000), "sensors", 0); // alerts[0]@0: before the watermark
            Send(producer, 0, Alert("ecg-1", 2000), "sensors", 0); // alerts[0]@1
            Send(producer, 0, Alert("ecg-2", 2000), "sensors", 1); // alerts[0]@2: another source partition
            Send(producer, 1, Alert("ecg-3", 3000), "sensors", 2); // alerts[1]@0
            Send(producer, 1, Alert("ecg-4", 3000), "other", 2);   // alerts[1]@1: another source topic
            producer.Produce(new TopicPartition("alerts", 1), new Message<byte[]?, byte[]?> { Value = AlertJson.Serialize(Alert("ecg-5", 3000)) }); // no headers
            Assert.Equal(0, producer.Flush(Timeout));
        }

        using var reader = new PublishedOutputReader(new ClientConfig { BootstrapServers = cluster.BootstrapServers });
        var found = reader.ReadAlerts("alerts", new Dictionary<int, long> { [0] = 1, [1] = 0 }, "sensors", new HashSet<int> { 0, 2 }, Timeout);

        Assert.Equal(["ecg-1/2000/raised", "ecg-3/3000/raised"], found.Select(a => a.AlertId).Order(StringComparer.Ordinal));
        Assert.Equal(new TopicPartitionOffset("alerts", 0, 1), found.Single(a => a.Sensor == "ecg-1").Position);
        Assert.Equal(2, found.Single(a => a.Sensor == "ecg-3").SourcePartition);
        Assert.Equal(new Dictionary<int, long> { [0] = 3, [1] = 3 }, reader.EndOffsets("alerts", Timeout));
    }

    [Fact]
    public void Reads_the_source_offsets_of_dead_letters_of_the_asked_source_partitions()
    {
        using var cluster = EmbeddedKafkaCluster.Start(1);
        cluster.CreateTopic("dlq", 1);
        var error = new DecodeError(DecodeErrorKind.Malformed, "not JSON");
        using (var producer = KafkaTestClients.Producer(cluster.BootstrapServers))
        {
            producer.Produce("dlq", DeadLetterMessage.Create("ecg-1"u8.ToArray(), "{"u8.ToArray(), null, new SourcePosition("sensors", 0, 7), error));
            producer.Produce("dlq", DeadLetterMessage.Create("ecg-2"u8.ToArray(), "{"u8.ToArray(), null, new SourcePosition("sensors", 1, 9), error));
            producer.Produce("dlq", DeadLetterMessage.Create("ecg-1"u8.ToArray(), "{"u8.ToArray(), null, new SourcePosition("sensors", 0, 12), error));
            Assert.Equal(0, producer.Flush(Timeout));
        }

        using var reader = new PublishedOutputReader(new ClientConfig { BootstrapServers = cluster.BootstrapServers });
        var found = reader.ReadDeadLetters("dlq", new Dictionary<int, long> { [0] = 0 }, "sensors", new HashSet<int> { 0 }, Timeout);

        Assert.Equal([7L, 12L], found.Select(d => d.SourceOffset));
        Assert.Equal(new TopicPartitionOffset("dlq", 0, 2), found[1].Position);
    }

    private static void Send(IProducer<byte[]?, byte[]?> producer, int alertsPartition, AlertRecord alert, string sourceTopic, int sourcePartition) =>
        producer.Produce(new TopicPartition("alerts", alertsPartition), new Message<byte[]?, byte[]?>
        {
            Key = Encoding.UTF8.GetBytes(alert.Sensor),
            Value = AlertJson.Serialize(alert),
            Headers = new Headers
            {
                { AlertHeaders.SourceTopic, Encoding.UTF8.GetBytes(sourceTopic) },
                { AlertHeaders.SourcePartition, Encoding.UTF8.GetBytes(sourcePartition.ToString(CultureInfo.InvariantCulture)) },
            },
        });

    private static AlertRecord Alert(string sensor, long windowEndMs) => new()
    {
        AlertId = AlertRecord.MakeId(sensor, windowEndMs, AlertState.Raised),
        Sensor = sensor,
        State = "raised",
        Score = 0.9,
        Threshold = 0.5,
        Model = "m",
        ModelVersion = "1",
        WindowStartMs = windowEndMs - 128,
        WindowEndMs = windowEndMs,
        EmittedAtMs = windowEndMs,
        Topology = "t",
    };
}
