using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using StreamClassifier.Core.Records;

namespace StreamClassifier.Kafka.Codecs;

/// <summary>
/// The JSON sensor record (docs/contracts.md):
/// <c>{"sensor":"ecg-106","t0_ms":1764205200000,"rate_hz":360,"samples":[[-0.145,-0.065],[-0.150,-0.070]]}</c>
/// (<c>samples</c> one row per sample, or a flat array for one channel). Decoding reads the bytes once
/// with <see cref="Utf8JsonReader"/>, parsing the samples (<see cref="JsonSampleArrayReader"/>) into a
/// per-thread buffer reused from record to record, so the only allocation proportional to the record
/// is the chunk's own sample array.
/// </summary>
public static class JsonSensorRecordCodec
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
        try
        {
            return TryDecodeCore(value, limits, source, out chunk, out error);
        }
        catch (JsonException exception)
        {
            error = new DecodeError(DecodeErrorKind.Malformed, $"not valid JSON: {exception.Message}");
            return false;
        }
        catch (InvalidOperationException exception)
        {
            // Utf8JsonReader reports invalid UTF-8 inside strings this way.
            error = new DecodeError(DecodeErrorKind.Malformed, $"not valid JSON text: {exception.Message}");
            return false;
        }
    }

    /// <summary>Encodes a chunk as a JSON sensor record (rows, or a flat array for one channel).</summary>
    /// <param name="chunk">The chunk.</param>
    public static byte[] Encode(SampleChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var buffer = new ArrayBufferWriter<byte>(64 + (chunk.Samples.Length * 12));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("sensor"u8, chunk.SensorId);
            WriteNumber(writer, "t0_ms"u8, chunk.T0Ms);
            WriteNumber(writer, "rate_hz"u8, chunk.SampleRateHz);
            writer.WriteStartArray("samples"u8);
            var samples = chunk.Samples.Span;
            if (chunk.Channels == 1)
            {
                foreach (var sample in samples)
                {
                    writer.WriteNumberValue(sample);
                }
            }
            else
            {
                for (var row = 0; row < chunk.SampleCount; row++)
                {
                    writer.WriteStartArray();
                    foreach (var sample in samples.Slice(row * chunk.Channels, chunk.Channels))
                    {
                        writer.WriteNumberValue(sample);
                    }

                    writer.WriteEndArray();
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteNumber(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double number)
    {
        // Whole milliseconds print as integers (1764205200000, not 1.7642052E+12).
        if (number == Math.Floor(number) && Math.Abs(number) < 9e15)
        {
            writer.WriteNumber(name, (long)number);
        }
        else
        {
            writer.WriteNumber(name, number);
        }
    }

    private static bool TryDecodeCore(ReadOnlySpan<byte> value, SensorRecordLimits limits, SourcePosition? source, out SampleChunk? chunk, [NotNullWhen(false)] out DecodeError? error)
    {
        chunk = null;
        var reader = new Utf8JsonReader(value, new JsonReaderOptions { MaxDepth = 8 });
        if (!reader.Read())
        {
            error = new DecodeError(DecodeErrorKind.Empty, "the value holds no JSON (only whitespace)");
            return false;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = new DecodeError(DecodeErrorKind.WrongType, $"the value is a JSON {JsonTokenText.Describe(reader.TokenType)}; {JsonTokenText.ExpectedRecord}");
            return false;
        }

        var fields = default(JsonRecordFields);
        if (!TryReadFields(ref reader, limits, ref fields, out error))
        {
            return false;
        }

        // Anything after the top-level object is rejected by the reader itself (single-value mode).
        while (reader.Read())
        {
        }

        if (!fields.TryCheck(out error))
        {
            return false;
        }

        chunk = fields.ToChunk(source);
        return true;
    }

    /// <summary>Reads the top-level object's properties; false on a field of the wrong type (a shape error in <c>samples</c> is kept for later).</summary>
    private static bool TryReadFields(ref Utf8JsonReader reader, SensorRecordLimits limits, ref JsonRecordFields fields, [NotNullWhen(false)] out DecodeError? error)
    {
        error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("sensor"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    error = new DecodeError(DecodeErrorKind.WrongType, $"\"sensor\" is a {JsonTokenText.Describe(reader.TokenType)}, expected a string");
                    return false;
                }

                fields.Sensor = reader.GetString();
            }
            else if (reader.ValueTextEquals("t0_ms"u8))
            {
                if (!TryReadNumber(ref reader, "t0_ms", out var number, out error))
                {
                    return false;
                }

                fields.T0Ms = number;
            }
            else if (reader.ValueTextEquals("rate_hz"u8))
            {
                if (!TryReadNumber(ref reader, "rate_hz", out var number, out error))
                {
                    return false;
                }

                fields.RateHz = number;
            }
            else if (reader.ValueTextEquals("samples"u8))
            {
                if (!TryReadSamples(ref reader, limits, ref fields, out error))
                {
                    return false;
                }
            }
            else
            {
                // Unknown fields are tolerated so producers can add metadata.
                reader.Read();
                reader.Skip();
            }
        }

        return true;
    }

    /// <summary>Reads <c>samples</c>; false only when it is not an array. A shape error inside it is kept in <paramref name="fields"/>.</summary>
    private static bool TryReadSamples(ref Utf8JsonReader reader, SensorRecordLimits limits, ref JsonRecordFields fields, [NotNullWhen(false)] out DecodeError? error)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = new DecodeError(DecodeErrorKind.WrongType, $"\"samples\" is a {JsonTokenText.Describe(reader.TokenType)}, expected an array of rows or of numbers");
            return false;
        }

        fields.SawSamples = true;
        if (!JsonSampleArrayReader.TryRead(ref reader, limits, out fields.Samples, out fields.ShapeError))
        {
            JsonSampleArrayReader.SkipToEndOfArray(ref reader); // keep reading: a malformed or incomplete record wins over a shape error
        }

        error = null;
        return true;
    }

    private static bool TryReadNumber(ref Utf8JsonReader reader, string field, out double number, [NotNullWhen(false)] out DecodeError? error)
    {
        reader.Read();
        number = 0;
        if (reader.TokenType != JsonTokenType.Number)
        {
            var what = reader.TokenType == JsonTokenType.String ? $"a string (\"{JsonTokenText.Truncate(reader.GetString())}\")" : $"a {JsonTokenText.Describe(reader.TokenType)}";
            error = new DecodeError(DecodeErrorKind.WrongType, $"\"{field}\" is {what}, expected a number");
            return false;
        }

        if (!reader.TryGetDouble(out number) || !double.IsFinite(number))
        {
            error = new DecodeError(field == "t0_ms" ? DecodeErrorKind.BadTimestamp : DecodeErrorKind.BadRate, $"\"{field}\" ({Encoding.UTF8.GetString(reader.ValueSpan)}) is not a finite double");
            return false;
        }

        error = null;
        return true;
    }
}
