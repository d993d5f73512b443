using StreamClassifier.Core.Records;
using StreamClassifier.Core.Scoring;

namespace StreamClassifier.Pipeline.Alerts;

/// <summary>The alert record of a window whose score moved its sensor's alert state.</summary>
internal static class AlertRecords
{
    public static AlertRecord For(string topologyName, SensorWindow window, double score, AlertState state, double threshold, IWindowScorer scorer, DateTimeOffset emittedAt)
    {
        var endMs = AlertRecord.WireMs(window.EndMs);
        return new AlertRecord
        {
            AlertId = AlertRecord.MakeId(window.SensorId, endMs, state),
            Sensor = window.SensorId,
            State = AlertRecord.ToWire(state),
            Score = score,
            Threshold = threshold,
            Model = scorer.ModelName,
            ModelVersion = scorer.ModelVersion,
            WindowStartMs = AlertRecord.WireMs(window.StartMs),
            WindowEndMs = endMs,
            EmittedAtMs = emittedAt.ToUnixTimeMilliseconds(),
            Topology = topologyName,
        };
    }
}
