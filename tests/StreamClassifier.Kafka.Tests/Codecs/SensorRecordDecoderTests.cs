using System.Text;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Codecs;
using StreamClassifier.Kafka.Tests.Support;

namespace StreamClassifier.Kafka.Tests.Codecs;

public class SensorRecordDecoderTests
{
    private static readonly SampleChunk TwoChannels = new("ecg-7", 1764205200000, 360, 2, new double[] { 0.5, -0.25, 0.125, 1.5 });

    [Fact]
    public void Protobuf_records_round_trip_with_packed_row_major_floats()
    {
        var bytes = ProtobufSensorRecordCodec.Encode(TwoChannels);
        Assert.True(ProtobufSensorRecordCodec.TryDecode(bytes, SensorRecordLimits.Default, null, out var chunk, out var error), error?.ToString());
        Assert.Equal(TwoChannels.Samples.ToArray(), chunk.Samples.ToArray());
        Assert.Equal(2, chunk.Channels);
        Assert.Equal(TwoChannels.T0Ms, chunk.T0Ms);
        // Packed: 4 floats take one length-delimited field of 16 bytes, not 4 tagged fields.
        Assert.True(bytes.Length < 60, $"{bytes.Length} bytes");
    }

    [Fact]
    public void The_content_type_header_overrides_the_topology_format()
    {
        var decoder = new SensorRecordDecoder(SensorRecordLimits.Default, RecordFormat.Json);
        Assert.True(decoder.TryDecode("ecg-7"u8, ProtobufSensorRecordCodec.Encode(TwoChannels), "application/x-protobuf", null, out var fromProtobuf, out _));
        Assert.Equal(4, fromProtobuf.Samples.Length);

        var protobufDefault = new SensorRecordDecoder(SensorRecordLimits.Default, RecordFormat.Protobuf);
        Assert.True(protobufDefault.TryDecode("ecg-7"u8, JsonSensorRecordCodec.Encode(TwoChannels), "application/json; charset=utf-8", null, out var fromJson, out _));
        Assert.Equal(4, fromJson.Samples.Length);

        Assert.False(decoder.TryDecode("ecg-7"u8, JsonSensorRecordCodec.Encode(TwoChannels), "text/csv", null, out _, out var error));
        Assert.Equal(DecodeErrorKind.UnsupportedFormat, error.Kind);
        Assert.Contains("text/csv", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Protobuf_garbage_and_bad_values_are_classified()
    {
        var decoder = new SensorRecordDecoder(SensorRecordLimits.Default, RecordFormat.Protobuf);
        Assert.False(decoder.TryDecode([], new byte[] { 0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, null, null, out _, out var truncated));
        Assert.Equal(DecodeErrorKind.Malformed, truncated.Kind);

        var nonFinite = new SampleChunk("p", 0, 100, 1, new[] { 1.0, double.NaN });
        Assert.False(decoder.TryDecode([], ProtobufSensorRecordCodec.Encode(nonFinite), null, null, out _, out var nan));
        Assert.Equal(DecodeErrorKind.NonFinite, nan.Kind);

        var ragged = new StreamClassifier.Kafka.Proto.SensorRecord { Sensor = "p", RateHz = 100, Channels = 2 };
        ragged.Samples.Add([1f, 2f, 3f]);
        Assert.False(decoder.TryDecode([], Google.Protobuf.MessageExtensions.ToByteArray(ragged), null, null, out _, out var rows));
        Assert.Equal(DecodeErrorKind.WrongChannelCount, rows.Kind);
    }

    [Fact]
    public void A_key_that_is_not_the_sensor_id_is_rejected()
    {
        var decoder = new SensorRecordDecoder(SensorRecordLimits.Default);
        Assert.False(decoder.TryDecode("ecg-8"u8, JsonSensorRecordCodec.Encode(TwoChannels), null, null, out _, out var error));
        Assert.Equal(DecodeErrorKind.KeyMismatch, error.Kind);
        Assert.True(decoder.TryDecode([], JsonSensorRecordCodec.Encode(TwoChannels), null, null, out _, out _), "A record without a key is taken at its word.");
    }

    [Fact]
    public void Records_are_checked_against_the_stream_rule_of_their_sensor()
    {
        var topology = TestTopologies.Minimal(channels: [0, 1], rateHz: 360);
        var decoder = SensorRecordDecoder.ForTopology(topology);
        var oneChannel = new SampleChunk("ecg-7", 0, 360, 1, new double[] { 1, 2 });
        Assert.False(decoder.TryDecode("ecg-7"u8, JsonSensorRecordCodec.Encode(oneChannel), null, null, out _, out var channels));
        Assert.Equal(DecodeErrorKind.WrongChannelCount, channels.Kind);
        Assert.Contains("stream rule \"ecg\" reads channel index 1", channels.Reason, StringComparison.Ordinal);

        var wrongRate = TwoChannels with { SampleRateHz = 250 };
        Assert.False(decoder.TryDecode("ecg-7"u8, JsonSensorRecordCodec.Encode(wrongRate), null, null, out _, out var rate));
        Assert.Equal(DecodeErrorKind.BadRate, rate.Kind);

        Assert.True(decoder.TryDecode("ecg-7"u8, JsonSensorRecordCodec.Encode(TwoChannels), null, null, out _, out _));
        var unknown = TwoChannels with { SensorId = "eeg-1", Channels = 1 };
        Assert.True(decoder.TryDecode(Encoding.UTF8.GetBytes("eeg-1"), JsonSensorRecordCodec.Encode(unknown), null, null, out _, out _), "Sensors without a rule are the pipeline's counted unknown_sensor drop, not dead letters.");
    }
}
