using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace StreamClassifier.Kafka.Codecs;

/// <summary>
/// Reads the <c>samples</c> array of a JSON sensor record in one pass: shape and types (stopping at
/// the first violation, or past the limits), values parsed into a per-thread buffer that is reused
/// record after record, and the first non-finite value remembered. Nothing is allocated per sample.
/// </summary>
internal static class JsonSampleArrayReader
{
    // A worker decodes on its poll thread, so one buffer per thread; larger buffers are not kept.
    private const int MaxRetainedScratch = 1 << 20;

    [ThreadStatic]
    private static double[]? scratch;

    /// <summary>Reads the array the reader stands on the start of; on success the reader stands on its end.</summary>
    public static bool TryRead(ref Utf8JsonReader reader, SensorRecordLimits limits, out JsonSamples samples, [NotNullWhen(false)] out DecodeError? error)
    {
        samples = new JsonSamples { Values = scratch ??= new double[4096] };
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndArray)
        {
            error = new DecodeError(DecodeErrorKind.Empty, "\"samples\" is an empty array");
            return false;
        }

        var nested = reader.TokenType == JsonTokenType.StartArray;
        var rows = 0;
        do
        {
            if (nested ? !TryReadRow(ref reader, ref samples, rows, out error) : !TryReadFlatValue(ref reader, ref samples, rows, out error))
            {
                return false;
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

    /// <summary>After a shape error inside <c>samples</c>: reads on to the array's end (or throws on malformed JSON, which then wins).</summary>
    public static void SkipToEndOfArray(ref Utf8JsonReader reader)
    {
        // "samples" is a property of the top-level object, so its array sits at depth 1 and its values deeper.
        while (!(reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 1) && reader.Read())
        {
        }
    }

    /// <summary>One row of the nested form: numbers, as many as the first row has.</summary>
    private static bool TryReadRow(ref Utf8JsonReader reader, ref JsonSamples samples, int row, [NotNullWhen(false)] out DecodeError? error)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = JsonTokenText.WrongElement(ref reader, $"samples[{row}]", "a row (array of numbers), like the rows before it");
            return false;
        }

        var values = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number)
            {
                error = JsonTokenText.WrongElement(ref reader, $"samples[{row}][{values}]", "a number");
                return false;
            }

            Append(ref reader, ref samples, row, values);
            values++;
        }

        return TryCheckRowWidth(ref samples, row, values, out error);
    }

    /// <summary>The first row sets the channel count; every later row must match it.</summary>
    private static bool TryCheckRowWidth(ref JsonSamples samples, int row, int values, [NotNullWhen(false)] out DecodeError? error)
    {
        error = null;
        if (values == 0)
        {
            error = new DecodeError(DecodeErrorKind.WrongChannelCount, $"samples[{row}] is an empty row; every row needs one value per channel");
        }
        else if (row == 0)
        {
            samples.Channels = values;
            if (values > SensorRecordLimits.MaxChannels)
            {
                error = new DecodeError(DecodeErrorKind.WrongChannelCount, $"samples[0] has {values} values; at most {SensorRecordLimits.MaxChannels} channels are accepted");
            }
        }
        else if (values != samples.Channels)
        {
            error = new DecodeError(DecodeErrorKind.WrongChannelCount, $"samples[{row}] has {values} value(s) but samples[0] has {samples.Channels}; every row needs one value per channel");
        }

        return error is null;
    }

    /// <summary>One value of the flat single-channel form.</summary>
    private static bool TryReadFlatValue(ref Utf8JsonReader reader, ref JsonSamples samples, int row, [NotNullWhen(false)] out DecodeError? error)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            error = JsonTokenText.WrongElement(ref reader, $"samples[{row}]", "a number (flat single-channel form), like the values before it");
            return false;
        }

        samples.Channels = 1;
        Append(ref reader, ref samples, row, -1);
        error = null;
        return true;
    }

    private static void Append(ref Utf8JsonReader reader, ref JsonSamples samples, int row, int column)
    {
        if (!JsonNumberParser.TryGetDouble(ref reader, out var sample) || !double.IsFinite(sample))
        {
            var text = Encoding.UTF8.GetString(reader.ValueSpan);
            samples.NonFinite ??= new DecodeError(DecodeErrorKind.NonFinite, column >= 0
                ? string.Create(CultureInfo.InvariantCulture, $"samples[{row}][{column}] ({text}) is not a finite number")
                : string.Create(CultureInfo.InvariantCulture, $"samples[{row}] ({text}) is not a finite number"));
            sample = 0;
        }

        if (samples.Count == samples.Values.Length)
        {
            Array.Resize(ref samples.Values, samples.Values.Length * 2);
            if (samples.Values.Length <= MaxRetainedScratch)
            {
                scratch = samples.Values;
            }
        }

        samples.Values[samples.Count++] = sample;
    }
}
