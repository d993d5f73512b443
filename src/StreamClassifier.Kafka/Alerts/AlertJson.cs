using System.Text.Json;
using StreamClassifier.Core.Records;

namespace StreamClassifier.Kafka.Alerts;

/// <summary>The alert record's JSON wire form (docs/contracts.md field names, from <see cref="AlertRecord"/>'s attributes).</summary>
public static class AlertJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    /// <summary>UTF-8 JSON of an alert.</summary>
    public static byte[] Serialize(AlertRecord alert) => JsonSerializer.SerializeToUtf8Bytes(alert, Options);

    /// <summary>Parses an alert from UTF-8 JSON.</summary>
    /// <exception cref="JsonException">Not an alert record.</exception>
    public static AlertRecord Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<AlertRecord>(json, Options) ?? throw new JsonException("The alert JSON is null.");
}
