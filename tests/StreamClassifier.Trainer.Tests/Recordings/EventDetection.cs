using System.Text.Json;
using StreamClassifier.Trainer.Data.Recordings;

namespace StreamClassifier.Trainer.Tests.Recordings;

/// <summary>
/// Event-level detection: an alert span runs from a raised alert's window start to the window end of
/// the sensor's next cleared alert (or forever). An event is found when a span of its sensor overlaps
/// it; a span is true when it overlaps a positive event of its sensor.
/// </summary>
internal sealed record EventDetection(int EventsFound, int Events, int TrueSpans, int Spans)
{
    public double Recall => Events == 0 ? 0 : (double)EventsFound / Events;

    public double Precision => Spans == 0 ? 0 : (double)TrueSpans / Spans;

    public static EventDetection Evaluate(IReadOnlyList<Alert> alerts, IReadOnlyList<LabelledEvent> positives)
    {
        var spans = new List<(string Sensor, double Start, double End)>();
        foreach (var sensorAlerts in alerts.GroupBy(alert => alert.Sensor))
        {
            double? open = null;
            foreach (var alert in sensorAlerts.OrderBy(alert => alert.WindowEndMs))
            {
                if (alert.State == "raised")
                {
                    open = alert.WindowStartMs;
                }
                else if (open is double start)
                {
                    spans.Add((sensorAlerts.Key, start, alert.WindowEndMs));
                    open = null;
                }
            }

            if (open is double unclosed)
            {
                spans.Add((sensorAlerts.Key, unclosed, double.PositiveInfinity));
            }
        }

        static bool Overlap((string Sensor, double Start, double End) span, LabelledEvent labelled) =>
            span.Sensor == labelled.Sensor && span.Start < labelled.EndMs && labelled.StartMs < span.End;
        return new EventDetection(
            positives.Count(labelled => spans.Any(span => Overlap(span, labelled))),
            positives.Count,
            spans.Count(span => positives.Any(labelled => Overlap(span, labelled))),
            spans.Count);
    }

    /// <summary>The alert lines of a JSONL file (score output or the worker's JSONL sink).</summary>
    public static List<Alert> ReadAlerts(string path) =>
        [.. File.ReadLines(path)
            .Where(line => line.Length > 0)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(json => !json.TryGetProperty("type", out var type) || type.GetString() == "alert")
            .Select(json => new Alert(json.GetProperty("sensor").GetString()!, json.GetProperty("state").GetString()!, json.GetProperty("window_start_ms").GetInt64(), json.GetProperty("window_end_ms").GetInt64()))];

    public sealed record Alert(string Sensor, string State, long WindowStartMs, long WindowEndMs);
}
