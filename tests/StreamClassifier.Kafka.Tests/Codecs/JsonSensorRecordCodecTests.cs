using System.Text;
using StreamClassifier.Core.Records;
using StreamClassifier.Kafka.Codecs;
using StreamClassifier.Kafka.Tests.Support;

namespace StreamClassifier.Kafka.Tests.Codecs;

public class JsonSensorRecordCodecTests
{
    private static readonly SensorRecordLimits Limits = new(MaxRecordBytes: 4096, MaxSamplesPerRecord: 100);

    [Fact]
    public void The_design_example_decodes_into_rows_of_two_channels()
    {
        var value = "{\"sensor\":\"ecg-106\",\"t0_ms\":1764205200000,\"rate_hz\":360,\"samples\":[[-0.145,-0.065],[-0.150,-0.070]]}"u8;
        Assert.True(JsonSensorRecordCodec.TryDecode(value, Limits, new SourcePosition("s", 2, 9), out var chunk, out var error), error?.ToString());
        Assert.Equal("ecg-106", chunk.SensorId);
        Assert.Equal(1764205200000, chunk.T0Ms);
        Assert.Equal(360, chunk.SampleRateHz);
        Assert.Equal(2, chunk.Channels);
        Assert.Equal(2, chunk.SampleCount);
        Assert.Equal([-0.145, -0.065, -0.150, -0.070], chunk.Samples.ToArray());
        Assert.Equal(new SourcePosition("s", 2, 9), chunk.Source);
    }

    [Fact]
    public void A_flat_array_is_one_channel_and_unknown_fields_are_ignored()
    {
        var value = "{\"samples\":[1,2.5,-3e-2],\"meta\":{\"site\":[1,2]},\"rate_hz\":250.5,\"t0_ms\":12.25,\"sensor\":\"s\"}"u8;
        Assert.True(JsonSensorRecordCodec.TryDecode(value, Limits, null, out var chunk, out var error), error?.ToString());
        Assert.Equal(1, chunk.Channels);
        Assert.Equal([1, 2.5, -0.03], chunk.Samples.ToArray());
        Assert.Equal(12.25, chunk.T0Ms);
        Assert.Equal(250.5, chunk.SampleRateHz);
    }

    [Fact]
    public void A_single_sample_record_is_a_chunk_of_one_row()
    {
        Assert.True(JsonSensorRecordCodec.TryDecode("{\"sensor\":\"s\",\"t0_ms\":0,\"rate_hz\":1,\"samples\":[[4,5,6]]}"u8, Limits, null, out var chunk, out _));
        Assert.Equal(1, chunk.SampleCount);
        Assert.Equal(3, chunk.Channels);
    }

    [Fact]
    public void Encoding_then_decoding_gives_back_the_same_chunk()
    {
        var original = new SampleChunk("ecg-1", 1764205200000, 360, 2, new double[] { 0.1, -0.2, 1e-7, 12345.678, -0.145, 3 });
        Assert.True(JsonSensorRecordCodec.TryDecode(JsonSensorRecordCodec.Encode(original), Limits, null, out var chunk, out _));
        Assert.Equal(original.Samples.ToArray(), chunk.Samples.ToArray());
        Assert.Equal((original.SensorId, original.T0Ms, original.SampleRateHz, original.Channels), (chunk.SensorId, chunk.T0Ms, chunk.SampleRateHz, chunk.Channels));

        var single = new SampleChunk("one", 0.5, 250, 1, new double[] { 1, 2 });
        var text = Encoding.UTF8.GetString(JsonSensorRecordCodec.Encode(single));
        Assert.Equal("{\"sensor\":\"one\",\"t0_ms\":0.5,\"rate_hz\":250,\"samples\":[1,2]}", text);
    }

    [Fact]
    public void Every_poison_record_is_classified_with_its_kind_and_a_reason()
    {
        var decoder = new SensorRecordDecoder(Limits);
        foreach (var (name, value, kind) in PoisonRecords.For("ecg-1", Limits.MaxRecordBytes, Limits.MaxSamplesPerRecord))
        {
            Assert.False(decoder.TryDecode("ecg-1"u8, value, null, null, out var chunk, out var error), $"{name} was accepted");
            Assert.Null(chunk);
            Assert.True(kind == error.Kind, $"{name}: expected {kind}, got {error}");
            Assert.False(string.IsNullOrWhiteSpace(error.Reason));
        }
    }

    [Theory]
    [InlineData("{\"sensor\":\"s\",\"t0_ms\":0,\"rate_hz\":360,\"samples\":[0.1,\"x\"]}", "samples[1] is a string (\"x\"), expected a number")]
    [InlineData("{\"sensor\":\"s\",\"t0_ms\":0,\"rate_hz\":360,\"samples\":[[1,2],[3]]}", "samples[1] has 1 value(s) but samples[0] has 2")]
    [InlineData("{\"sensor\":\"s\",\"t0_ms\":0,\"rate_hz\":360,\"samples\":[[1,2],[3,\"NaN\"]]}", "samples[1][1] is \"NaN\", not a finite number")]
    [InlineData("{\"sensor\":\"s\",\"t0_ms\":0,\"rate_hz\":360,\"samples\":[[1,2],[3,1e400]]}", "samples[1][1] (1e400) is not a finite number")]
    [InlineData("{\"sensor\":\"s\",\"rate_hz\":360,\"samples\":[1]}", "no \"t0_ms\" field")]
    [InlineData("{\"sensor\":\"s\",\"t0_ms\":-1,\"rate_hz\":360,\"samples\":[1]}", "t0_ms -1 is not a plausible time")]
    [InlineData("[1,2,3]", "the value is a JSON array")]
    public void Reasons_say_what_and_where(string json, string expectedReason)
    {
        Assert.False(JsonSensorRecordCodec.TryDecode(Encoding.UTF8.GetBytes(json), Limits, null, out _, out var error));
        Assert.Contains(expectedReason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_json_reports_the_parser_position()
    {
        Assert.False(JsonSensorRecordCodec.TryDecode("{\"sensor\":\"s\",\"t0_ms\":0,\"rate_hz\":360,\"samples\":[1,2"u8, Limits, null, out _, out var error));
        Assert.Equal(DecodeErrorKind.Malformed, error.Kind);
        Assert.Contains("BytePositionInLine", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reused_sample_buffer_never_leaks_values_between_records_and_grows_for_large_ones()
    {
        var limits = new SensorRecordLimits(MaxRecordBytes: 1 << 22, MaxSamplesPerRecord: 100_000);
        var large = new SampleChunk("s", 1_764_205_200_000, 360, 2, Enumerable.Range(0, 20_000).Select(i => (i * 0.001) - 7).ToArray());
        var small = new SampleChunk("s", 1_764_205_200_000, 360, 1, new[] { 1.5, -2.25, 3.125 });

        Assert.True(JsonSensorRecordCodec.TryDecode(JsonSensorRecordCodec.Encode(large), limits, null, out var decodedLarge, out var error), error?.Reason);
        Assert.True(JsonSensorRecordCodec.TryDecode(JsonSensorRecordCodec.Encode(small), limits, null, out var decodedSmall, out error), error?.Reason);
        Assert.True(JsonSensorRecordCodec.TryDecode(JsonSensorRecordCodec.Encode(large), limits, null, out var decodedAgain, out error), error?.Reason);

        Assert.Equal(large.Samples.ToArray(), decodedLarge.Samples.ToArray());
        Assert.Equal(small.Samples.ToArray(), decodedSmall.Samples.ToArray());
        Assert.Equal(large.Samples.ToArray(), decodedAgain.Samples.ToArray());
        Assert.NotSame(decodedLarge.Samples.ToArray(), decodedAgain.Samples.ToArray());
    }

    [Theory]
    // A missing field wins over a shape error inside samples, which wins over the header checks, which win over a non-finite value.
    [InlineData("{\"sensor\":\"s\",\"samples\":[[1,2],[3]],\"rate_hz\":360}", DecodeErrorKind.MissingField, "no \"t0_ms\" field")]
    [InlineData("{\"sensor\":\"s\",\"t0_ms\":-1,\"samples\":[[1,2],[3]],\"rate_hz\":360}", DecodeErrorKind.WrongChannelCount, "samples[1] has 1 value(s)")]
    [InlineData("{\"sensor\":\"s\",\"t0_ms\":-1,\"samples\":[1e400,2],\"rate_hz\":360}", DecodeErrorKind.BadTimestamp, "t0_ms -1")]
    [InlineData("{\"sensor\":\"s\",\"t0_ms\":0,\"samples\":[1,1e400,2e400],\"rate_hz\":360}", DecodeErrorKind.NonFinite, "samples[1] (1e400)")]
    // Malformed JSON after a shape error is still reported as malformed.
    [InlineData("{\"sensor\":\"s\",\"t0_ms\":0,\"samples\":[[1,2],[3]],\"rate_hz\":360,}", DecodeErrorKind.Malformed, "")]
    [InlineData("{\"sensor\":\"s\",\"t0_ms\":0,\"samples\":[1,{\"a\":[1]},2],\"rate_hz\":360,\"extra\":[[1]]}", DecodeErrorKind.WrongType, "samples[1] is a object")]
    public void Errors_keep_their_precedence_in_one_pass(string json, DecodeErrorKind kind, string reason)
    {
        Assert.False(JsonSensorRecordCodec.TryDecode(Encoding.UTF8.GetBytes(json), Limits, null, out _, out var error));
        Assert.Equal(kind, error.Kind);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_values_are_bit_for_bit_what_the_general_parser_gives()
    {
        // The fast path (≤ 15 digits, exponent within ±22) and the fallback both, across number shapes producers write.
        var random = new Random(11);
        var texts = new List<string> { "0", "-0", "0.0", "1", "-1", "1023", "0.1", "-0.145", "2.5e-3", "2.5E+3", "1e22", "1e23", "1e-22", "1e-23", "123456789012345", "1234567890123456", "0.30000000000000004", "9007199254740993", "4.9e-324", "1.7976931348623157e308", "0.000000000000000000000000001" };
        for (var i = 0; i < 5000; i++)
        {
            var number = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30));
            texts.Add(number.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            texts.Add(Math.Round(number, 3).ToString(System.Globalization.CultureInfo.InvariantCulture));
            texts.Add(number.ToString("E" + random.Next(0, 17), System.Globalization.CultureInfo.InvariantCulture));
            texts.Add(((float)number).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var json = "{\"sensor\":\"s\",\"t0_ms\":0,\"rate_hz\":360,\"samples\":[" + string.Join(',', texts) + "]}";
        var limits = new SensorRecordLimits(MaxRecordBytes: 1 << 22, MaxSamplesPerRecord: 100_000);

        Assert.True(JsonSensorRecordCodec.TryDecode(Encoding.UTF8.GetBytes(json), limits, null, out var chunk, out var error), error?.Reason);
        var decoded = chunk.Samples.ToArray();
        for (var i = 0; i < texts.Count; i++)
        {
            var expected = double.Parse(texts[i], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(decoded[i]), $"{texts[i]} decoded as {decoded[i]:R}, expected {expected:R}");
        }
    }
}
