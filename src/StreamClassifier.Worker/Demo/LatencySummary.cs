namespace StreamClassifier.Worker.Demo;

/// <summary>Percentiles of a set of latencies, ms (nearest rank); all null without observations.</summary>
/// <param name="Count">Observations.</param>
/// <param name="P50Ms">Median.</param>
/// <param name="P95Ms">95th percentile.</param>
/// <param name="P99Ms">99th percentile.</param>
/// <param name="MaxMs">Largest.</param>
internal sealed record LatencySummary(int Count, double? P50Ms, double? P95Ms, double? P99Ms, double? MaxMs)
{
    /// <summary>Summarises <paramref name="latenciesMs"/>.</summary>
    public static LatencySummary Of(IReadOnlyCollection<double> latenciesMs)
    {
        ArgumentNullException.ThrowIfNull(latenciesMs);
        if (latenciesMs.Count == 0)
        {
            return new LatencySummary(0, null, null, null, null);
        }

        var sorted = latenciesMs.Order().ToArray();
        return new LatencySummary(sorted.Length, Percentile(sorted, 50), Percentile(sorted, 95), Percentile(sorted, 99), sorted[^1]);
    }

    /// <summary>The nearest-rank percentile of ascending <paramref name="sorted"/>: the smallest value with at least <paramref name="percent"/> % of the values at or below it.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
