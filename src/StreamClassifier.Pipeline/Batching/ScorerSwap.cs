using StreamClassifier.Core.Scoring;
using StreamClassifier.Pipeline.Alerts;
using StreamClassifier.Pipeline.Sensors;

namespace StreamClassifier.Pipeline.Batching;

/// <summary>The model swap of <see cref="ClassificationPipeline.ReplaceScorer"/> once no batch is in flight: checks, then switches batcher, streams and alert settings together.</summary>
internal static class ScorerSwap
{
    /// <returns>The names of the streams now scored by <paramref name="replacement"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="replacement"/> does not fit a stream's windows or alert policy (nothing is changed then).</exception>
    public static IReadOnlyList<string> Apply(MicroBatcher batcher, List<StreamRuntime> streams, IEnumerable<SensorState> sensors, IWindowScorer replacement)
    {
        var settings = new List<AlertPolicySettings>(streams.Count);
        foreach (var stream in streams)
        {
            if (stream.Misfit(replacement, "the replacement model") is { } misfit)
            {
                throw new ArgumentException(misfit, nameof(replacement));
            }

            settings.Add(AlertPolicySettings.Resolve(stream.Spec.Alert, replacement.Card, stream.Name));
        }

        batcher.Scorer = replacement;
        for (var index = 0; index < streams.Count; index++)
        {
            streams[index].Scorer = replacement;
            streams[index].AlertSettings = settings[index];
        }

        foreach (var sensor in sensors)
        {
            var at = streams.IndexOf(sensor.Stream);
            if (at >= 0)
            {
                sensor.Alert?.ChangeSettings(settings[at]);
            }
        }

        return [.. streams.Select(stream => stream.Name)];
    }
}
