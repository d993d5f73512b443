using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Collections;
using StreamClassifier.Core.Records;
using StreamClassifier.Kafka.Proto;

namespace StreamClassifier.Kafka.Codecs;

/// <summary>The Protobuf sensor record (Proto/sensor_record.proto): the JSON record's fields with packed row-major float samples.</summary>
public static class ProtobufSensorRecordCodec
{
    /// <summary>Decodes one record value. Never throws for bad input: failures come back classified in <paramref name="error"/>.</summary>
    /// <param name="value">The Kafka record value.</param>
    /// <param name="limits">Size limits.</param>
    /// <param name="source">Where the record came from (copied into the chunk).</param>
    /// <param name="chunk">The decoded chunk, on success.</param>
    /// <param name="error">The classified failure, otherwise.</param>
    public static bool TryDecode(
        ReadOnlySpan<byte> value,
        SensorRecordLimits limits,
        SourcePosition? source,
        [NotNullWhen(true)] out SampleChunk? chunk,
        [NotNullWhen(false)] out DecodeError? error)
    {
        ArgumentNullException.ThrowIfNull(limits);
        chunk = null;
        SensorRecord record;
        try
        {
            record = SensorRecord.Parser.ParseFrom(value);
        }
        catch (InvalidProtocolBufferException exception)
        {
            error = new DecodeError(DecodeErrorKind.Malformed, $"not a valid Protobuf SensorRecord: {exception.Message}");
            return false;
        }

        if (!TryCheckShape(record, limits, out var channels, out var rows, out error)
            || !SensorRecordChecks.TryCheckHeader(record.T0Ms, record.RateHz, rows, out error)
            || !TryCopySamples(record.Samples, channels, out var samples, out error))
        {
            return false;
        }

        chunk = new SampleChunk(record.Sensor, record.T0Ms, record.RateHz, channels, samples, source);
        return true;
    }

    /// <summary>A sensor id, a channel count within the limit, and samples that fill whole rows, no more than the limit.</summary>
    private static bool TryCheckShape(SensorRecord record, SensorRecordLimits limits, out int channels, out int rows, [NotNullWhen(false)] out DecodeError? error)
    {
        rows = 0;
        channels = record.Channels == 0 ? 1 : (int)Math.Min(record.Channels, int.MaxValue);
        if (record.Sensor.Length == 0)
        {
            error = new DecodeError(DecodeErrorKind.MissingField, "no sensor id (field 1 \"sensor\" is empty); is this really a Protobuf SensorRecord?");
            return false;
        }

        if (channels > SensorRecordLimits.MaxChannels)
        {
            error = new DecodeError(DecodeErrorKind.WrongChannelCount, string.Create(CultureInfo.InvariantCulture, $"channels is {record.Channels}; at most {SensorRecordLimits.MaxChannels} are accepted"));
            return false;
        }

        var values = record.Samples;
        if (values.Count == 0)
        {
            error = new DecodeError(DecodeErrorKind.Empty, "no samples");
            return false;
        }

        if (values.Count % channels != 0)
        {
            error = new DecodeError(DecodeErrorKind.WrongChannelCount, string.Create(CultureInfo.InvariantCulture, $"{values.Count} sample values do not divide into rows of {channels} channel(s)"));
            return false;
        }

        rows = values.Count / channels;
        if (rows > limits.MaxSamplesPerRecord)
        {
            error = new DecodeError(DecodeErrorKind.TooManySamples, string.Create(CultureInfo.InvariantCulture, $"{rows} samples in one record, more than the limit max_samples_per_record = {limits.MaxSamplesPerRecord}; split the recording into smaller records"));
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>The packed floats widened to the chunk's doubles; false at the first non-finite value.</summary>
    private static bool TryCopySamples(RepeatedField<float> values, int channels, out double[] samples, [NotNullWhen(false)] out DecodeError? error)
    {
        samples = new double[values.Count];
        for (var i = 0; i < samples.Length; i++)
        {
            var sample = values[i];
            if (!float.IsFinite(sample))
            {
                error = new DecodeError(DecodeErrorKind.NonFinite, string.Create(CultureInfo.InvariantCulture, $"sample {i / channels} channel {i % channels} is {sample}, not a finite number"));
                return false;
            }

            samples[i] = sample;
        }

        error = null;
        return true;
    }

    /// <summary>Encodes a chunk as a Protobuf SensorRecord (samples narrowed to float).</summary>
    /// <param name="chunk">The chunk.</param>
    public static byte[] Encode(SampleChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var record = new SensorRecord
        {
            Sensor = chunk.SensorId,
            T0Ms = chunk.T0Ms,
            RateHz = chunk.SampleRateHz,
            Channels = (uint)chunk.Channels,
        };
        var samples = chunk.Samples.Span;
        var floats = new float[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            floats[i] = (float)samples[i];
        }

        record.Samples.Add(floats);
        return record.ToByteArray();
    }
}
