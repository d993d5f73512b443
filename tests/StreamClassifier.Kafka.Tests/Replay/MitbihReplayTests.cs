using System.Text;
using StreamClassifier.Kafka.Codecs;
using StreamClassifier.Kafka.Tests.Support;
using StreamClassifier.Testing;

namespace StreamClassifier.Kafka.Tests.Replay;

/// <summary>
/// `replay --mitbih` on a real MIT-BIH record (the committed first 60 s of 106, two leads at 360 Hz),
/// through the broker in another process. The expected values are decoded here from the raw .dat
/// (format 212: two 12-bit samples in three bytes) and converted as docs/datasets.md says,
/// (adc − 1024) / 200 mV, independently of the product's WFDB reader.
/// </summary>
public class MitbihReplayTests
{
    private const double StartMs = 1_764_205_200_000;
    private static readonly string Record = SharedPaths.Fixtures("mitbih-excerpts", "106");

    [Theory]
    [InlineData(0, 10, "json")]
    [InlineData(5.5, 3, "protobuf")]
    public void A_real_record_arrives_as_ecg_records_with_millivolts_and_its_own_timeline(double skipSeconds, double seconds, string format)
    {
        using var broker = BrokerProcess.Start(brokers: 1, partitions: 4, "ecg");
        using var replay = WorkerProcess.Start(
            "replay", "--bootstrap", broker.BootstrapServers, "--topic", "ecg", "--mitbih", Record, "--format", format, "--chunk", "360",
            "--start-ms", StartMs.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            "--skip-seconds", skipSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seconds", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--quiet");
        Assert.Equal(0, replay.WaitForExit(TimeSpan.FromSeconds(60), "replay --mitbih to finish"));
        var rows = (int)(seconds * 360);
        var expectedRecords = (rows + 359) / 360;
        Assert.Contains($"{expectedRecords} of {expectedRecords} records acknowledged ({rows} samples, 1 sensor(s))", replay.Output, StringComparison.Ordinal);

        var records = KafkaTestClients.ReadAll(broker.BootstrapServers, "ecg", expectedRecords, TimeSpan.FromSeconds(30));
        Assert.Equal(expectedRecords, records.Count);
        Assert.All(records, record => Assert.Equal("ecg-106", Encoding.UTF8.GetString(record.Message.Key!)));
        Assert.Single(records.Select(record => record.Partition.Value).Distinct());

        var decoder = new SensorRecordDecoder(SensorRecordLimits.Default);
        var chunks = records.OrderBy(record => record.Offset.Value).Select(record =>
        {
            var contentType = Encoding.ASCII.GetString(record.Message.Headers.GetLastBytes(RecordContentType.HeaderName));
            Assert.Equal(RecordContentType.For(format == "json" ? Core.Topology.RecordFormat.Json : Core.Topology.RecordFormat.Protobuf), contentType);
            Assert.True(decoder.TryDecode(record.Message.Key, record.Message.Value, contentType, null, out var chunk, out var error), error?.ToString());
            return chunk;
        }).ToList();

        var first = (int)Math.Round(skipSeconds * 360);
        var expected = Format212Millivolts(Record + ".dat", first + rows);
        var row = first;
        foreach (var chunk in chunks)
        {
            Assert.Equal((360.0, 2), (chunk.SampleRateHz, chunk.Channels));
            Assert.Equal(StartMs + (row * 1000.0 / 360), chunk.T0Ms, 6);
            var values = chunk.Samples.Span;
            for (var i = 0; i < values.Length; i++)
            {
                // JSON carries the double exactly; Protobuf carries floats.
                Assert.True(Math.Abs(expected[(row * 2) + i] - values[i]) <= (format == "json" ? 1e-12 : 1e-6), $"sample {row + (i / 2)} lead {i % 2}: {values[i]} mV, expected {expected[(row * 2) + i]} mV");
            }

            row += chunk.SampleCount;
        }

        Assert.Equal(first + rows, row);
        if (first == 0)
        {
            // The header's initial values (962, 1063) are the first samples: (962 - 1024) / 200 and (1063 - 1024) / 200.
            Assert.Equal(-0.31, chunks[0].Samples.Span[0], 12);
            Assert.Equal(0.195, chunks[0].Samples.Span[1], 12);
        }
    }

    [Theory]
    [InlineData("--seconds", "0", "--seconds 0 is out of range: it must be greater than 0")]
    [InlineData("--skip-seconds", "61", "--skip-seconds must be at least 0 and less than the record's 60 s (106: 21600 samples at 360 Hz)")]
    public void A_range_outside_the_record_is_refused_with_the_records_duration(string option, string value, string message)
    {
        using var replay = WorkerProcess.Start("replay", "--bootstrap", "127.0.0.1:1", "--topic", "ecg", "--mitbih", Record, option, value, "--quiet");
        Assert.Equal(2, replay.WaitForExit(TimeSpan.FromSeconds(60), "replay to refuse the range"));
        Assert.Contains(message, replay.Errors, StringComparison.Ordinal);
    }

    /// <summary>The first <paramref name="rows"/> rows of a two-signal format-212 file, as (adc − 1024) / 200 mV, row-major.</summary>
    private static double[] Format212Millivolts(string datPath, int rows)
    {
        var bytes = File.ReadAllBytes(datPath);
        var values = new double[rows * 2];
        for (var row = 0; row < rows; row++)
        {
            var at = row * 3;
            var first = bytes[at] | ((bytes[at + 1] & 0x0F) << 8);
            var second = bytes[at + 2] | ((bytes[at + 1] & 0xF0) << 4);
            values[row * 2] = (SignExtend12(first) - 1024) / 200.0;
            values[(row * 2) + 1] = (SignExtend12(second) - 1024) / 200.0;
        }

        return values;
    }

    private static int SignExtend12(int value) => value >= 0x800 ? value - 0x1000 : value;
}
