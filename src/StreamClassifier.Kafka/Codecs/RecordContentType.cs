using StreamClassifier.Core.Topology;

namespace StreamClassifier.Kafka.Codecs;

/// <summary>The <c>content-type</c> record header: which codec a record needs, overriding the topology's default format.</summary>
public static class RecordContentType
{
    /// <summary>The header name.</summary>
    public const string HeaderName = "content-type";

    /// <summary>Content type of JSON sensor records.</summary>
    public const string Json = "application/json";

    /// <summary>Content type of Protobuf sensor records.</summary>
    public const string Protobuf = "application/x-protobuf";

    /// <summary>The header value for <paramref name="format"/>.</summary>
    public static string For(RecordFormat format) => format == RecordFormat.Protobuf ? Protobuf : Json;

    /// <summary>Maps a header value (parameters such as <c>; charset=utf-8</c> ignored, case-insensitive) to a format.</summary>
    public static bool TryParse(ReadOnlySpan<char> contentType, out RecordFormat format)
    {
        var semicolon = contentType.IndexOf(';');
        var media = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim();
        if (media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Equals("text/json", StringComparison.OrdinalIgnoreCase))
        {
            format = RecordFormat.Json;
            return true;
        }

        if (media.Equals("application/x-protobuf", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/protobuf", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/vnd.google.protobuf", StringComparison.OrdinalIgnoreCase))
        {
            format = RecordFormat.Protobuf;
            return true;
        }

        format = default;
        return false;
    }
}
