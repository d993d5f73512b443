using System.Globalization;
using System.Text.Json;

namespace StreamClassifier.Kafka.Codecs;

/// <summary>How JSON sensor record decode errors name what they found: token kinds, shortened strings, wrong elements.</summary>
internal static class JsonTokenText
{
    /// <summary>The record's expected shape, appended to errors about its top level.</summary>
    public const string ExpectedRecord = "expected {\"sensor\":\"id\",\"t0_ms\":<ms>,\"rate_hz\":<Hz>,\"samples\":[[ch0,ch1,...],...] or [v0,v1,...]}";

    /// <summary>The JSON name of a token kind ("object", "array", "string", ...).</summary>
    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>At most 40 characters of <paramref name="text"/>, so one bad value cannot flood a log line.</summary>
    public static string Truncate(string? text) => text is null ? string.Empty : text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    /// <summary>The error for an element of <c>samples</c> that is not what <paramref name="expected"/> says.</summary>
    public static DecodeError WrongElement(ref Utf8JsonReader reader, string path, string expected)
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
}
