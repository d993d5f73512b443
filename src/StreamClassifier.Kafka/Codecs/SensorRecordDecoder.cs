using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;

namespace StreamClassifier.Kafka.Codecs;

/// <summary>
/// Turns a Kafka record (key, value, content type) into a <see cref="SampleChunk"/>, or a classified
/// <see cref="DecodeError"/>: size limits first, then the format's codec (the <c>content-type</c> header
/// wins over the topology's format), then the checks that need the topology (channels the sensor's
/// stream rule reads, its sample rate) and the key. Never throws for bad input; thread-safe.
/// </summary>
public sealed class SensorRecordDecoder
{
    private readonly TopologyDefinition? topology;

    /// <summary>Creates a decoder.</summary>
    /// <param name="limits">Size limits.</param>
    /// <param name="defaultFormat">Format of records without a content-type header.</param>
    /// <param name="topology">When given, records are also checked against their sensor's stream rule.</param>
    public SensorRecordDecoder(SensorRecordLimits limits, RecordFormat defaultFormat = RecordFormat.Json, TopologyDefinition? topology = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Limits = limits;
        DefaultFormat = defaultFormat;
        this.topology = topology;
    }

    /// <summary>A decoder configured from a topology's Kafka source.</summary>
    public static SensorRecordDecoder ForTopology(TopologyDefinition topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var source = topology.Source.Kafka;
        return new SensorRecordDecoder(new SensorRecordLimits(source.MaxRecordBytes, source.MaxSamplesPerRecord), source.Format, topology);
    }

    /// <summary>Size limits.</summary>
    public SensorRecordLimits Limits { get; }

    /// <summary>Format of records without a content-type header.</summary>
    public RecordFormat DefaultFormat { get; }

    /// <summary>Decodes one record.</summary>
    /// <param name="key">Record key (UTF-8 sensor id), empty when absent.</param>
    /// <param name="value">Record value.</param>
    /// <param name="contentType">The content-type header, or null.</param>
    /// <param name="source">The record's position.</param>
    /// <param name="chunk">The chunk, on success.</param>
    /// <param name="error">The classified failure, otherwise.</param>
    public bool TryDecode(
        ReadOnlySpan<byte> key,
        ReadOnlySpan<byte> value,
        string? contentType,
        SourcePosition? source,
        [NotNullWhen(true)] out SampleChunk? chunk,
        [NotNullWhen(false)] out DecodeError? error)
    {
        chunk = null;
        if (value.IsEmpty)
        {
            error = new DecodeError(DecodeErrorKind.Empty, "the record has no value (null or zero bytes)");
            return false;
        }

        if (value.Length > Limits.MaxRecordBytes)
        {
            error = new DecodeError(DecodeErrorKind.TooLarge, string.Create(CultureInfo.InvariantCulture, $"the value is {value.Length} bytes, more than the limit max_record_bytes = {Limits.MaxRecordBytes}; split the recording into smaller records or raise the limit"));
            return false;
        }

        var format = DefaultFormat;
        if (contentType is not null && !RecordContentType.TryParse(contentType, out format))
        {
            error = new DecodeError(DecodeErrorKind.UnsupportedFormat, $"content-type \"{contentType}\" is not a sensor record format; use {RecordContentType.Json} or {RecordContentType.Protobuf}");
            return false;
        }

        if (format == RecordFormat.Protobuf)
        {
            if (!ProtobufSensorRecordCodec.TryDecode(value, Limits, source, out chunk, out error))
            {
                return false;
            }
        }
        else if (!JsonSensorRecordCodec.TryDecode(value, Limits, source, out chunk, out error))
        {
            return false;
        }

        if (!key.IsEmpty && !KeyMatches(key, chunk.SensorId))
        {
            error = new DecodeError(DecodeErrorKind.KeyMismatch, $"the key \"{Encoding.UTF8.GetString(key)}\" is not the record's sensor \"{chunk.SensorId}\"; records must be keyed by sensor id so one sensor's samples stay in one partition");
            chunk = null;
            return false;
        }

        if (topology?.FindStream(chunk.SensorId) is { } stream && !TryCheckAgainst(stream, chunk, out error))
        {
            chunk = null;
            return false;
        }

        error = null;
        return true;
    }

    private static bool KeyMatches(ReadOnlySpan<byte> key, string sensor)
    {
        Span<byte> buffer = stackalloc byte[256];
        var byteCount = Encoding.UTF8.GetByteCount(sensor);
        if (byteCount != key.Length)
        {
            return false;
        }

        var encoded = byteCount <= buffer.Length ? buffer[..byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(sensor, encoded);
        return key.SequenceEqual(encoded);
    }

    private static bool TryCheckAgainst(StreamSpec stream, SampleChunk chunk, [NotNullWhen(false)] out DecodeError? error)
    {
        var needed = stream.Channels.Count == 0 ? 1 : stream.Channels.Max() + 1;
        if (chunk.Channels < needed)
        {
            error = new DecodeError(DecodeErrorKind.WrongChannelCount, string.Create(CultureInfo.InvariantCulture, $"sensor \"{chunk.SensorId}\" sent {chunk.Channels} channel(s) but its stream rule \"{stream.Name}\" reads channel index {needed - 1}"));
            return false;
        }

        if (!stream.AcceptsRate(chunk.SampleRateHz))
        {
            error = new DecodeError(DecodeErrorKind.BadRate, string.Create(CultureInfo.InvariantCulture, $"sensor \"{chunk.SensorId}\" sent rate_hz {chunk.SampleRateHz} but its stream rule \"{stream.Name}\" expects {stream.SampleRateHz} Hz (the model was trained at that rate); the producer must state the sensor's nominal rate (not one measured from rounded timestamps), or resample the sensor, or give it a stream rule and model of its own"));
            return false;
        }

        error = null;
        return true;
    }
}
