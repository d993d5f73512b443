using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamClassifier.Core.Records;

/// <summary>
/// The alert record published to the alerts topic (key = sensor id). Field names are the wire
/// contract of docs/contracts.md; <see cref="AlertId"/> is derived from sensor, window end and state, so a
/// replayed window yields the same id.
/// </summary>
public sealed record AlertRecord
{
    /// <summary>Deterministic id: <c>sensor/window_end_ms/state</c>.</summary>
    [JsonPropertyName("alert_id")]
    public required string AlertId { get; init; }

    /// <summary>Sensor id.</summary>
    [JsonPropertyName("sensor")]
    public required string Sensor { get; init; }

    /// <summary><c>raised</c> or <c>cleared</c>.</summary>
    [JsonPropertyName("state")]
    public required string State { get; init; }

    /// <summary>Score of the window that triggered the event.</summary>
    [JsonPropertyName("score")]
    public required double Score { get; init; }

    /// <summary>Raise threshold in force.</summary>
    [JsonPropertyName("threshold")]
    public required double Threshold { get; init; }

    /// <summary>Model name.</summary>
    [JsonPropertyName("model")]
    public required string Model { get; init; }

    /// <summary>Model version.</summary>
    [JsonPropertyName("model_version")]
    public required string ModelVersion { get; init; }

    /// <summary>Start of the triggering window, ms since the Unix epoch.</summary>
    [JsonPropertyName("window_start_ms")]
    public required long WindowStartMs { get; init; }

    /// <summary>End of the triggering window, ms since the Unix epoch.</summary>
    [JsonPropertyName("window_end_ms")]
    public required long WindowEndMs { get; init; }

    /// <summary>When the event was emitted, ms since the Unix epoch.</summary>
    [JsonPropertyName("emitted_at_ms")]
    public required long EmittedAtMs { get; init; }

    /// <summary>Topology name.</summary>
    [JsonPropertyName("topology")]
    public required string Topology { get; init; }

    /// <summary>
    /// A window time as the alert carries it: whole milliseconds, half away from zero. The alert id
    /// is built from it, so everything that matches alerts to windows (the exactly-once read-back)
    /// rounds through here.
    /// </summary>
    public static long WireMs(double windowTimeMs) => (long)Math.Round(windowTimeMs, MidpointRounding.AwayFromZero);

    /// <summary>Builds the deterministic alert id (docs/contracts.md).</summary>
    public static string MakeId(string sensor, long windowEndMs, AlertState state) =>
        string.Create(CultureInfo.InvariantCulture, $"{sensor}/{windowEndMs}/{ToWire(state)}");

    /// <summary>
    /// Writes the record's fields (not the enclosing braces) to <paramref name="json"/>, in contract
    /// order: the one writer of the alert's wire form (Kafka, JSONL and <c>score</c> output).
    /// </summary>
    public void WriteFields(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteString("alert_id", AlertId);
        json.WriteString("sensor", Sensor);
        json.WriteString("state", State);
        json.WriteNumber("score", Score);
        json.WriteNumber("threshold", Threshold);
        json.WriteString("model", Model);
        json.WriteString("model_version", ModelVersion);
        json.WriteNumber("window_start_ms", WindowStartMs);
        json.WriteNumber("window_end_ms", WindowEndMs);
        json.WriteNumber("emitted_at_ms", EmittedAtMs);
        json.WriteString("topology", Topology);
    }

    /// <summary>The wire name of a state.</summary>
    public static string ToWire(AlertState state) => state == AlertState.Raised ? "raised" : "cleared";
}
