namespace StreamClassifier.Worker.Demo.Detection;

/// <summary>Detection quality of raised alerts against reference episodes, for one record or summed over several.</summary>
/// <param name="EpisodesTotal">Ventricular-beat episodes in the processed signal.</param>
/// <param name="EpisodesDetected">Episodes some raised alert of the same sensor overlapped (± the tolerance).</param>
/// <param name="VentricularBeats">V beats in the processed signal.</param>
/// <param name="AlertsRaised">Raised alerts.</param>
/// <param name="FalseAlerts">Raised alerts whose span overlaps no episode (± the tolerance).</param>
/// <param name="SignalSeconds">Processed signal, seconds (summed over records).</param>
internal sealed record DetectionResult(int EpisodesTotal, int EpisodesDetected, int VentricularBeats, int AlertsRaised, int FalseAlerts, double SignalSeconds)
{
    /// <summary>Nothing scored yet.</summary>
    public static DetectionResult Empty { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>Detected / total episodes; null without episodes.</summary>
    public double? EpisodeSensitivity => EpisodesTotal == 0 ? null : (double)EpisodesDetected / EpisodesTotal;

    /// <summary>False alerts per hour of processed signal; null without signal.</summary>
    public double? FalseAlertsPerHour => SignalSeconds <= 0 ? null : FalseAlerts / (SignalSeconds / 3600.0);

    /// <summary>Sums two results (records are independent sensors).</summary>
    public static DetectionResult operator +(DetectionResult left, DetectionResult right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(
            left.EpisodesTotal + right.EpisodesTotal,
            left.EpisodesDetected + right.EpisodesDetected,
            left.VentricularBeats + right.VentricularBeats,
            left.AlertsRaised + right.AlertsRaised,
            left.FalseAlerts + right.FalseAlerts,
            left.SignalSeconds + right.SignalSeconds);
    }

    /// <summary>Same as the + operator.</summary>
    public static DetectionResult Add(DetectionResult left, DetectionResult right) => left + right;
}
