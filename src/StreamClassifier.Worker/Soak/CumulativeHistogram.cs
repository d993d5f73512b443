namespace StreamClassifier.Worker.Soak;

/// <summary>
/// A Prometheus histogram's cumulative bucket counts (count of observations ≤ each upper bound). The
/// difference of two scrapes is the histogram of what was observed in between; percentiles interpolate
/// linearly inside the bucket, as PromQL's <c>histogram_quantile</c> does.
/// </summary>
/// <param name="Bounds">Upper bounds, ascending (the last is usually +Inf).</param>
/// <param name="Counts">Cumulative counts, one per bound.</param>
internal sealed record CumulativeHistogram(double[] Bounds, double[] Counts)
{
    /// <summary>An empty histogram.</summary>
    public static CumulativeHistogram Empty { get; } = new([], []);

    /// <summary>Observations in total.</summary>
    public double Total => Counts.Length == 0 ? 0 : Counts[^1];

    /// <summary>What was observed after <paramref name="earlier"/> (same bounds; a reset or a missing earlier scrape counts from zero).</summary>
    public CumulativeHistogram Since(CumulativeHistogram earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        if (earlier.Bounds.Length != Bounds.Length || earlier.Total > Total)
        {
            return this;
        }

        return new CumulativeHistogram(Bounds, [.. Counts.Select((count, index) => Math.Max(0, count - earlier.Counts[index]))]);
    }

    /// <summary>The sum of two histograms with the same bounds (an empty one adds nothing).</summary>
    public CumulativeHistogram Plus(CumulativeHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Bounds.Length == 0)
        {
            return this;
        }

        if (Bounds.Length == 0)
        {
            return other;
        }

        return new CumulativeHistogram(Bounds, [.. Counts.Select((count, index) => count + other.Counts[index])]);
    }

    /// <summary>The <paramref name="quantile"/> (0..1) estimated by linear interpolation inside its bucket; null without observations. A quantile in the +Inf bucket is the last finite bound.</summary>
    public double? Quantile(double quantile)
    {
        if (Total <= 0)
        {
            return null;
        }

        var rank = quantile * Total;
        for (var index = 0; index < Bounds.Length; index++)
        {
            if (Counts[index] >= rank)
            {
                var lower = index == 0 ? 0 : Bounds[index - 1];
                var below = index == 0 ? 0 : Counts[index - 1];
                if (double.IsPositiveInfinity(Bounds[index]))
                {
                    return lower;
                }

                var inBucket = Counts[index] - below;
                return inBucket <= 0 ? Bounds[index] : lower + ((Bounds[index] - lower) * (rank - below) / inBucket);
            }
        }

        return Bounds.LastOrDefault(bound => !double.IsPositiveInfinity(bound));
    }
}
