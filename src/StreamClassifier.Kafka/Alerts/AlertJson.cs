using System.Buffers;
using System.Text.Json;
using StreamClassifier.Core.Records;

namespace StreamClassifier.Kafka.Alerts;

/// <summary>
/// The alert record's JSON wire form (docs/contracts.md field names): written by <see cref="AlertRecord.WriteFields"/>,
/// the same writer the <c>score</c> command's lines use, and read through <see cref="AlertRecord"/>'s attributes.
/// </summary>
public static class AlertJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    /// <summary>UTF-8 JSON of an alert.</summary>
    public static byte[] Serialize(AlertRecord alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            alert.WriteFields(json);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses an alert from UTF-8 JSON.</summary>
    /// <exception cref="JsonException">Not an alert record.</exception>
    public static AlertRecord Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<AlertRecord>(json, Options) ?? throw new JsonException("The alert JSON is null.");
}
