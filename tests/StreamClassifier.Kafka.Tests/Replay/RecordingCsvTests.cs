using System.Globalization;
using System.Text;
using StreamClassifier.Kafka.Replay;
using StreamClassifier.Testing;

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

    [Fact]
    public void The_sample_recording_is_read_at_exactly_360_Hz_although_its_timestamps_are_rounded_to_a_microsecond()
    {
        // 360 Hz rows step by 2.777 or 2.778 ms: the first two timestamps alone say 359.971 Hz.
        var recording = RecordingCsv.Read(SharedPaths.Repo("samples", "ecg-heldout-30s.csv"), 250);
        Assert.Equal(["ecg-106", "ecg-119"], recording.Sensors);
        Assert.All(recording.Chunks, chunk => Assert.Equal(360.0, chunk.SampleRateHz));
        Assert.Equal(88, recording.Chunks.Count);
    }

    [Theory]
    [InlineData(360, 0, 30)]      // whole-ms timestamps: steps of 2 and 3 ms
    [InlineData(360, 0, 10)]
    [InlineData(360, 3, 2)]
    [InlineData(250, 0, 1)]
    [InlineData(359, 3, 30)]      // an unusual integer rate is not pulled to the common 360
    [InlineData(123.4, 3, 30)]    // nor a non-integer one to an integer
    [InlineData(1000, 0, 5)]
    [InlineData(600, 0, 5)]
    public void A_rate_is_inferred_exactly_from_all_the_rounded_timestamps(double rateHz, int decimals, double seconds)
    {
        var recording = RecordingCsv.Read(new StringReader(RoundedCsv(rateHz, decimals, seconds, gapAfterSample: null)), "rec.csv", 100);
        Assert.All(recording.Chunks, chunk => Assert.Equal(rateHz, chunk.SampleRateHz));
    }

    [Fact]
    public void A_gap_in_a_rounded_recording_neither_biases_the_rate_nor_joins_the_records_around_it()
    {
        var recording = RecordingCsv.Read(new StringReader(RoundedCsv(360, 0, 20, gapAfterSample: 3000)), "rec.csv", 100_000);
        Assert.All(recording.Chunks, chunk => Assert.Equal(360.0, chunk.SampleRateHz));
        Assert.Equal([3001, 7200 - 3001 - 10], recording.Chunks.Select(chunk => chunk.SampleCount));
    }

    [Fact]
    public void Timestamps_too_coarse_for_the_rate_are_an_error_that_asks_for_the_rate()
    {
        var error = Assert.Throws<FormatException>(() => RecordingCsv.Read(new StringReader(RoundedCsv(1500, 0, 1, gapAfterSample: null)), "rec.csv", 100));
        Assert.Contains("rec.csv: sensor \"s\"'s timestamps are rounded to 1 ms, too coarse for its sample period of about 1 ms", error.Message, StringComparison.Ordinal);
        Assert.Contains("pass --rate-hz", error.Message, StringComparison.Ordinal);
        Assert.All(RecordingCsv.Read(new StringReader(RoundedCsv(1500, 0, 1, gapAfterSample: null)), "rec.csv", 100, rateHz: 1500).Chunks, chunk => Assert.Equal(1500.0, chunk.SampleRateHz));
    }

    [Theory]
    [InlineData("time,value\n", "rec.csv:1: the header is \"time,value\"")]
    [InlineData("sensor,t_ms,ch0\ns,0\n", "rec.csv:2: 2 fields, but the header has 3")]
    [InlineData("sensor,t_ms,ch0\ns,0,abc\n", "rec.csv:2: column ch0 is \"abc\", not a number")]
    [InlineData("sensor,t_ms,ch0\ns,0,1\n", "has a single sample, so its rate cannot be inferred; pass --rate-hz")]
    [InlineData("sensor,t_ms,ch0\ns,5,1\ns,4,2\ns,3,3\n", "rec.csv: sensor \"s\"'s timestamps do not increase (median step -1 ms), so its rate cannot be inferred; sort the rows by time or pass --rate-hz")]
    public void Bad_files_are_reported_with_the_line(string csv, string expected)
    {
        var error = Assert.Throws<FormatException>(() => RecordingCsv.Read(new StringReader(csv), "rec.csv", 10));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    /// <summary>One sensor at <paramref name="rateHz"/>, timestamps rounded to <paramref name="decimals"/> decimals of a ms, optionally ten samples missing.</summary>
    private static string RoundedCsv(double rateHz, int decimals, double seconds, int? gapAfterSample)
    {
        var text = new StringBuilder("sensor,t_ms,ch0\n");
        var samples = (int)Math.Round(seconds * rateHz);
        for (var i = 0; i < samples; i++)
        {
            if (gapAfterSample is { } gap && i > gap && i <= gap + 10)
            {
                continue;
            }

            var timeMs = Math.Round(1_764_205_200_000 + (i * 1000.0 / rateHz), decimals, MidpointRounding.AwayFromZero);
            text.Append("s,").Append(timeMs.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)).Append(",0.5\n");
        }

        return text.ToString();
    }
}
