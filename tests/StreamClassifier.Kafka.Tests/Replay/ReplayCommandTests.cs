using StreamClassifier.Kafka.Codecs;
using StreamClassifier.Kafka.Tests.Support;

namespace StreamClassifier.Kafka.Tests.Replay;

public class ReplayCommandTests
{
    [Theory]
    [InlineData("json")]
    [InlineData("protobuf")]
    public void Replay_publishes_every_chunk_keyed_by_sensor_and_exits_after_the_acknowledgements(string format)
    {
        using var folder = new TempFolder();
        var csvPath = folder.File("rec.csv");
        File.WriteAllText(csvPath, Recordings.Csv(["ecg-1", "ecg-2", "ecg-3"], samplesPerSensor: 1000, rateHz: 250));
        using var broker = BrokerProcess.Start(brokers: 1, partitions: 4, "sensors");

        using var replay = WorkerProcess.Start("replay", "--bootstrap", broker.BootstrapServers, "--topic", "sensors", "--input", csvPath, "--format", format, "--chunk", "100", "--quiet");
        Assert.Equal(0, replay.WaitForExit(TimeSpan.FromSeconds(60), "replay to finish"));
        Assert.Contains("30 of 30 records acknowledged (3000 samples, 3 sensor(s))", replay.Output, StringComparison.Ordinal);

        var records = KafkaTestClients.ReadAll(broker.BootstrapServers, "sensors", 30, TimeSpan.FromSeconds(30));
        var decoder = new SensorRecordDecoder(SensorRecordLimits.Default);
        var samplesBySensor = new Dictionary<string, int>();
        foreach (var record in records)
        {
            var contentType = System.Text.Encoding.ASCII.GetString(record.Message.Headers.GetLastBytes(RecordContentType.HeaderName));
            Assert.True(decoder.TryDecode(record.Message.Key, record.Message.Value, contentType, null, out var chunk, out var error), error?.ToString());
            Assert.Equal(250, chunk.SampleRateHz);
            samplesBySensor[chunk.SensorId] = samplesBySensor.GetValueOrDefault(chunk.SensorId) + chunk.SampleCount;
        }

        Assert.Equal(new Dictionary<string, int> { ["ecg-1"] = 1000, ["ecg-2"] = 1000, ["ecg-3"] = 1000 }, samplesBySensor);
        // Keyed by sensor: each sensor's records sit in one partition.
        Assert.All(records.GroupBy(r => System.Text.Encoding.UTF8.GetString(r.Message.Key!)), g => Assert.Single(g.Select(r => r.Partition.Value).Distinct()));
    }
}
