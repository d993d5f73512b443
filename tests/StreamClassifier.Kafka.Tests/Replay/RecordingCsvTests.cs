using StreamClassifier.Kafka.Replay;

namespace StreamClassifier.Kafka.Tests.Replay;

public class RecordingCsvTests
{
    [Fact]
    public void Interleaved_sensors_are_cut_into_chunks_with_their_inferred_rate()
    {
        var csv = "sensor,t_ms,ch0,ch1\n" +
                  "a,0,1,10\nb,0,5,50\na,4,2,20\nb,4,6,60\na,8,3,30\na,12,4,40\na,16,5,50\n";
        var recording = RecordingCsv.Read(new StringReader(csv), "rec.csv", samplesPerChunk: 2);
        Assert.Equal(["a", "b"], recording.Sensors);
        var a = recording.Chunks.Where(c => c.SensorId == "a").ToList();
        Assert.Equal([0.0, 8, 16], a.Select(c => c.T0Ms));
        Assert.All(recording.Chunks, c => Assert.Equal(250, c.SampleRateHz));
        Assert.Equal([1.0, 10, 2, 20], a[0].Samples.ToArray());
        Assert.Equal(2, a[0].Channels);
        Assert.Equal(7, recording.SampleCount);
        Assert.Equal([0.0, 0, 8, 16], recording.Chunks.Select(c => c.T0Ms));
    }

    [Fact]
    public void A_gap_in_time_starts_a_new_chunk()
    {
        var csv = "sensor,t_ms,ch0\ns,0,1\ns,10,2\ns,20,3\ns,100,4\ns,110,5\n";
        var recording = RecordingCsv.Read(new StringReader(csv), "rec.csv", samplesPerChunk: 10);
        Assert.Equal([0.0, 100], recording.Chunks.Select(c => c.T0Ms));
        Assert.Equal([3, 2], recording.Chunks.Select(c => c.SampleCount));
    }

    [Theory]
    [InlineData("time,value\n", "rec.csv:1: the header is \"time,value\"")]
    [InlineData("sensor,t_ms,ch0\ns,0\n", "rec.csv:2: 2 fields, but the header has 3")]
    [InlineData("sensor,t_ms,ch0\ns,0,abc\n", "rec.csv:2: column ch0 is \"abc\", not a number")]
    [InlineData("sensor,t_ms,ch0\ns,0,1\n", "has a single sample, so its rate cannot be inferred; pass --rate-hz")]
    public void Bad_files_are_reported_with_the_line(string csv, string expected)
    {
        var error = Assert.Throws<FormatException>(() => RecordingCsv.Read(new StringReader(csv), "rec.csv", 10));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
