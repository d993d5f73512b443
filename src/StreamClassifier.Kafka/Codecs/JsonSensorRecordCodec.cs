using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using StreamClassifier.Core.Records;

namespace StreamClassifier.Kafka.Codecs;

/// <summary>
/// The JSON sensor record (docs/contracts.md):
/// <c>{"sensor":"ecg-106","t0_ms":1764205200000,"rate_hz":360,"samples":[[-0.145,-0.065],[-0.150,-0.070]]}</c>
/// (<c>samples</c> one row per sample, or a flat array for one channel). Decoding reads the bytes once
/// with <see cref="Utf8JsonReader"/>, parsing the samples into a per-thread buffer reused from record
/// to record, so the only allocation proportional to the record is the chunk's own sample array.
/// </summary>
public static class JsonSensorRecordCodec
{
    // Values of the record being decoded, reused per thread (a worker decodes on its poll thread); larger buffers are not kept.
    private const int MaxRetainedScratch = 1 << 20;

    [ThreadStatic]
    private static double[]? scratch;

    private const string Expected = "expected {\"sensor\":\"id\",\"t0_ms\":<ms>,\"rate_hz\":<Hz>,\"samples\":[[ch0,ch1,...],...] or [v0,v1,...]}";

    private static double[] Scratch => scratch ??= new double[4096];

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
            error = new DecodeError(DecodeErrorKind.WrongType, $"the value is a JSON {Describe(reader.TokenType)}; {Expected}");
            return false;
        }

        string? sensor = null;
        double? t0Ms = null;
        double? rateHz = null;
        var sawSamples = false;
        var sampleCount = 0;
        var channels = 0;
        var values = Array.Empty<double>();
        DecodeError? shapeError = null;
        DecodeError? nonFinite = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("sensor"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    error = new DecodeError(DecodeErrorKind.WrongType, $"\"sensor\" is a {Describe(reader.TokenType)}, expected a string");
                    return false;
                }

                sensor = reader.GetString();
            }
            else if (reader.ValueTextEquals("t0_ms"u8))
            {
                if (!TryReadNumber(ref reader, "t0_ms", out var number, out error))
                {
                    return false;
                }

                t0Ms = number;
            }
            else if (reader.ValueTextEquals("rate_hz"u8))
            {
                if (!TryReadNumber(ref reader, "rate_hz", out var number, out error))
                {
                    return false;
                }

                rateHz = number;
            }
            else if (reader.ValueTextEquals("samples"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    error = new DecodeError(DecodeErrorKind.WrongType, $"\"samples\" is a {Describe(reader.TokenType)}, expected an array of rows or of numbers");
                    return false;
                }

                sawSamples = true;
                if (!TryReadSamples(ref reader, limits, out values, out sampleCount, out channels, out nonFinite, out shapeError))
                {
                    SkipToEndOfArray(ref reader); // keep reading: a malformed or incomplete record wins over a shape error
                }
            }
            else
            {
                // Unknown fields are tolerated so producers can add metadata.
                reader.Read();
                reader.Skip();
            }
        }

        // Anything after the top-level object is rejected by the reader itself (single-value mode).
        while (reader.Read())
        {
        }

        if (string.IsNullOrEmpty(sensor))
        {
            error = new DecodeError(sensor is null ? DecodeErrorKind.MissingField : DecodeErrorKind.Empty, sensor is null ? $"no \"sensor\" field; {Expected}" : "\"sensor\" is an empty string");
            return false;
        }

        if (t0Ms is null || rateHz is null || !sawSamples)
        {
            var missing = t0Ms is null ? "t0_ms" : rateHz is null ? "rate_hz" : "samples";
            error = new DecodeError(DecodeErrorKind.MissingField, $"no \"{missing}\" field; {Expected}");
            return false;
        }

        if (shapeError is not null)
        {
            error = shapeError;
            return false;
        }

        if (!SensorRecordChecks.TryCheckHeader(t0Ms.Value, rateHz.Value, sampleCount / channels, out error))
        {
            return false;
        }

        if (nonFinite is not null)
        {
            error = nonFinite;
            return false;
        }

        // The one allocation proportional to the record: the chunk keeps its samples until the pipeline completes it.
        var samples = values.AsSpan(0, sampleCount).ToArray();
        chunk = new SampleChunk(sensor, t0Ms.Value, rateHz.Value, channels, samples, source);
        return true;
    }

    private static bool TryReadNumber(ref Utf8JsonReader reader, string field, out double number, [NotNullWhen(false)] out DecodeError? error)
    {
        reader.Read();
        number = 0;
        if (reader.TokenType != JsonTokenType.Number)
        {
            var what = reader.TokenType == JsonTokenType.String ? $"a string (\"{Truncate(reader.GetString())}\")" : $"a {Describe(reader.TokenType)}";
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

    /// <summary>
    /// One pass over <c>samples</c>: shape and types (stopping at the first violation, or past the
    /// limits), values parsed into a per-thread buffer that is reused record after record, and the
    /// first non-finite value remembered (reported after the header checks). On success the reader
    /// stands on the array's end.
    /// </summary>
    private static bool TryReadSamples(ref Utf8JsonReader reader, SensorRecordLimits limits, out double[] buffer, out int count, out int channels, out DecodeError? nonFinite, [NotNullWhen(false)] out DecodeError? error)
    {
        buffer = Scratch;
        count = 0;
        channels = 0;
        nonFinite = null;
        var rows = 0;
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndArray)
        {
            error = new DecodeError(DecodeErrorKind.Empty, "\"samples\" is an empty array");
            return false;
        }

        var nested = reader.TokenType == JsonTokenType.StartArray;
        do
        {
            if (nested)
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    error = ElementTypeError(ref reader, $"samples[{rows}]", "a row (array of numbers), like the rows before it");
                    return false;
                }

                var values = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.Number)
                    {
                        error = ElementTypeError(ref reader, $"samples[{rows}][{values}]", "a number");
                        return false;
                    }

                    Append(ref reader, ref buffer, ref count, ref nonFinite, rows, values);
                    values++;
                }

                if (values == 0)
                {
                    error = new DecodeError(DecodeErrorKind.WrongChannelCount, $"samples[{rows}] is an empty row; every row needs one value per channel");
                    return false;
                }

                if (rows == 0)
                {
                    channels = values;
                    if (channels > SensorRecordLimits.MaxChannels)
                    {
                        error = new DecodeError(DecodeErrorKind.WrongChannelCount, $"samples[0] has {channels} values; at most {SensorRecordLimits.MaxChannels} channels are accepted");
                        return false;
                    }
                }
                else if (values != channels)
                {
                    error = new DecodeError(DecodeErrorKind.WrongChannelCount, $"samples[{rows}] has {values} value(s) but samples[0] has {channels}; every row needs one value per channel");
                    return false;
                }
            }
            else
            {
                if (reader.TokenType != JsonTokenType.Number)
                {
                    error = ElementTypeError(ref reader, $"samples[{rows}]", "a number (flat single-channel form), like the values before it");
                    return false;
                }

                channels = 1;
                Append(ref reader, ref buffer, ref count, ref nonFinite, rows, -1);
            }

            rows++;
            if (rows > limits.MaxSamplesPerRecord)
            {
                error = new DecodeError(DecodeErrorKind.TooManySamples, $"more than {limits.MaxSamplesPerRecord} samples in one record (the limit max_samples_per_record); split the recording into smaller records");
                return false;
            }
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);

        error = null;
        return true;
    }

    private static void Append(ref Utf8JsonReader reader, ref double[] buffer, ref int count, ref DecodeError? nonFinite, int row, int column)
    {
        if (!JsonNumberParser.TryGetDouble(ref reader, out var sample) || !double.IsFinite(sample))
        {
            var text = Encoding.UTF8.GetString(reader.ValueSpan);
            nonFinite ??= new DecodeError(DecodeErrorKind.NonFinite, column >= 0
                ? string.Create(CultureInfo.InvariantCulture, $"samples[{row}][{column}] ({text}) is not a finite number")
                : string.Create(CultureInfo.InvariantCulture, $"samples[{row}] ({text}) is not a finite number"));
            sample = 0;
        }

        if (count == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
            if (buffer.Length <= MaxRetainedScratch)
            {
                scratch = buffer;
            }
        }

        buffer[count++] = sample;
    }

    /// <summary>After a shape error inside <c>samples</c>: reads on to the array's end (or throws on malformed JSON, which then wins).</summary>
    private static void SkipToEndOfArray(ref Utf8JsonReader reader)
    {
        // "samples" is a property of the top-level object, so its array sits at depth 1 and its values deeper.
        while (!(reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 1) && reader.Read())
        {
        }
    }

    private static DecodeError ElementTypeError(ref Utf8JsonReader reader, string path, string expected)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString() ?? string.Empty;
            // "NaN" and "Infinity" as strings are how some producers smuggle non-finite values into JSON.
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && !double.IsFinite(parsed))
            {
                return new DecodeError(DecodeErrorKind.NonFinite, $"{path} is \"{Truncate(text)}\", not a finite number");
            }

            return new DecodeError(DecodeErrorKind.WrongType, $"{path} is a string (\"{Truncate(text)}\"), expected {expected}");
        }

        return new DecodeError(DecodeErrorKind.WrongType, $"{path} is a {Describe(reader.TokenType)}, expected {expected}");
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string Truncate(string? text) => text is null ? string.Empty : text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
