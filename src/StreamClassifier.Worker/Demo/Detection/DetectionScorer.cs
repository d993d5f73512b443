namespace StreamClassifier.Worker.Demo.Detection;

/// <summary>
/// Scores one sensor's raised alerts against its reference episodes: an episode is detected when an
/// alert span overlaps it widened by the tolerance; a raised alert is false when its span overlaps no
/// widened episode. The tolerance absorbs the window length (an alert names the window that tipped the
/// policy, up to 2 s after the beat) and annotation jitter.
/// </summary>
internal static class DetectionScorer
{
    /// <summary>Default tolerance around an episode, seconds (one window of the demo model).</summary>
    public const double DefaultToleranceSeconds = 2.0;

    /// <summary>Scores one record.</summary>
    /// <param name="episodes">Reference episodes of the processed signal.</param>
    /// <param name="alerts">Spans of the sensor's raised alerts.</param>
    /// <param name="signalSeconds">Processed signal, seconds.</param>
    /// <param name="toleranceSeconds">Widening of every episode on both sides.</param>
    public static DetectionResult Score(IReadOnlyList<VentricularEpisode> episodes, IReadOnlyList<AlertSpan> alerts, double signalSeconds, double toleranceSeconds = DefaultToleranceSeconds)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentOutOfRangeException.ThrowIfNegative(signalSeconds);
        ArgumentOutOfRangeException.ThrowIfNegative(toleranceSeconds);
        var detected = episodes.Count(episode => alerts.Any(alert => alert.Overlaps(episode.StartSeconds, episode.EndSeconds, toleranceSeconds)));
        var falseAlerts = alerts.Count(alert => !episodes.Any(episode => alert.Overlaps(episode.StartSeconds, episode.EndSeconds, toleranceSeconds)));
        return new DetectionResult(
            EpisodesTotal: episodes.Count,
            EpisodesDetected: detected,
            VentricularBeats: episodes.Sum(episode => episode.BeatCount),
            AlertsRaised: alerts.Count,
            FalseAlerts: falseAlerts,
            SignalSeconds: signalSeconds);
    }
}
