using System.Text;
using Confluent.Kafka;
using StreamClassifier.Core.Records;
using StreamClassifier.Kafka.Codecs;
using StreamClassifier.Kafka.DeadLetters;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Tests.Support;

namespace StreamClassifier.Kafka.Tests.DeadLetters;

public class DeadLetterMessageTests
{
    [Fact]
    public async Task Every_poison_record_lands_in_the_dead_letter_topic_byte_for_byte_with_its_reason()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 1);
        cluster.CreateTopic("dead-letters", partitions: 1);
        var decoder = new SensorRecordDecoder(new SensorRecordLimits(4096, 100));
        var poison = PoisonRecords.For("ecg-1", 4096, 100);
        using (var producer = KafkaTestClients.Producer(cluster.BootstrapServers))
        {
            for (var i = 0; i < poison.Count; i++)
            {
                var (_, value, _) = poison[i];
                Assert.False(decoder.TryDecode("ecg-1"u8, value, null, null, out _, out var error));
                var originalHeaders = new Headers { { "trace-id", [1, 2, 3] } };
                var delivered = await producer.ProduceAsync("dead-letters", DeadLetterMessage.Create(Encoding.UTF8.GetBytes("ecg-1"), value, originalHeaders, new SourcePosition("sensors", 3, 100 + i), error));
                Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
            }
        }

        var letters = KafkaTestClients.ReadAll(cluster.BootstrapServers, "dead-letters", poison.Count, TimeSpan.FromSeconds(20)).OrderBy(r => r.Offset.Value).ToList();
        for (var i = 0; i < poison.Count; i++)
        {
            var (name, value, kind) = poison[i];
            var letter = letters[i].Message;
            Assert.Equal("ecg-1"u8.ToArray(), letter.Key);
            if (value is null)
            {
                Assert.Null(letter.Value);
            }
            else
            {
                Assert.True(value.AsSpan().SequenceEqual(letter.Value ?? []), $"{name}: value not preserved byte for byte");
            }

            string Header(string key) => Encoding.UTF8.GetString(letter.Headers.GetLastBytes(key));
            Assert.Equal(DecodeErrors.WireName(kind), Header(DeadLetterHeaders.ErrorKind));
            Assert.False(string.IsNullOrWhiteSpace(Header(DeadLetterHeaders.ErrorReason)));
            Assert.Equal("sensors", Header(DeadLetterHeaders.SourceTopic));
            Assert.Equal("3", Header(DeadLetterHeaders.SourcePartition));
            Assert.Equal((100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Header(DeadLetterHeaders.SourceOffset));
            Assert.Equal([1, 2, 3], letter.Headers.GetLastBytes("trace-id"));
        }
    }
}
