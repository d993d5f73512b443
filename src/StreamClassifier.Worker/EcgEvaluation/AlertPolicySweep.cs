using StreamClassifier.Core.Records;
using StreamClassifier.Pipeline.Alerts;
using StreamClassifier.Worker.Demo.Detection;

namespace StreamClassifier.Worker.EcgEvaluation;

/// <summary>One alert policy and what it would have done over the evaluated records.</summary>
/// <param name="Settings">The policy.</param>
/// <param name="Detection">Episodes alerted and false alerts, all records.</param>
internal sealed record AlertPolicyOutcome(AlertPolicySettings Settings, DetectionResult Detection);

/// <summary>
/// Replays the windows' scores of an evaluation through <see cref="AlertPolicy"/> under other settings,
/// to choose a policy on validation records (the scores do not depend on the policy, so the records are
/// not streamed again). The chosen policy goes into the topology and is measured through the pipeline.
/// </summary>
internal static class AlertPolicySweep
{
    /// <summary>
    /// The candidate (raise_after, of_last, clear_after, cooldown_s) settings. Clearing after 2–10 s of calm
    /// keeps one alert over an episode's beats; a cooldown longer than the episode gap would block the next episode.
    /// </summary>
    public static IReadOnlyList<(int RaiseAfter, int OfLast, int ClearAfter, double CooldownS)> Candidates { get; } =
    [
        (1, 1, 18, 5), (1, 1, 18, 0), (1, 1, 36, 0), (1, 1, 54, 0), (1, 1, 90, 0), (1, 2, 36, 0), (2, 2, 36, 0), (2, 2, 54, 0), (2, 2, 90, 0),
        (2, 3, 18, 5), (2, 3, 36, 0), (2, 3, 54, 0), (2, 3, 90, 0), (3, 3, 54, 0), (3, 4, 36, 0), (3, 5, 54, 0), (3, 6, 54, 0), (4, 8, 54, 0),
    ];

    /// <summary>Every candidate applied to <paramref name="records"/>, from the stream's resolved policy <paramref name="baseline"/> (threshold and clear_below kept).</summary>
    public static IReadOnlyList<AlertPolicyOutcome> Run(IReadOnlyList<RecordEvaluation> records, AlertPolicySettings baseline, int windowSize)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(baseline);
        var outcomes = new List<AlertPolicyOutcome>();
        foreach (var (raiseAfter, ofLast, clearAfter, cooldown) in Candidates)
        {
            var settings = baseline with { RaiseAfter = raiseAfter, OfLast = ofLast, ClearAfter = clearAfter, CooldownS = cooldown };
            var total = DetectionResult.Empty;
            foreach (var record in records)
            {
                total += DetectionScorer.Score(record.Episodes, AlertSpan.Pair(Events(record, settings, windowSize), record.SignalSeconds), record.SignalSeconds);
            }

            outcomes.Add(new AlertPolicyOutcome(settings, total));
        }

        return outcomes;
    }

    private static List<(bool, double, double)> Events(RecordEvaluation record, AlertPolicySettings settings, int windowSize)
    {
        var policy = new AlertPolicy(settings);
        var events = new List<(bool, double, double)>();
        for (var i = 0; i < record.WindowScores.Length; i++)
        {
            var start = record.WindowStarts[i] / record.SampleRateHz;
            var end = (record.WindowStarts[i] + windowSize) / record.SampleRateHz;
            if (policy.Observe(record.WindowScores[i], end * 1000) is { } state)
            {
                events.Add((state == AlertState.Raised, start, end));
            }
        }

        return events;
    }
}
