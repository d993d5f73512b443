using System.Globalization;

namespace StreamClassifier.Worker.Soak;

/// <summary>
/// Judges a soak run from its samples: after warm-up, memory, managed heap, threads and file
/// descriptors flat (least-squares growth within <see cref="SoakBounds"/>), lag bounded, alert latency
/// percentiles stable across segments, and every record accounted for.
/// </summary>
internal static class SoakVerdict
{
    /// <summary>The checks of a steady soak.</summary>
    /// <param name="samples">Every sample, in time order.</param>
    /// <param name="latencies">The alert latencies observed in each sample's interval (aligned with <paramref name="samples"/>).</param>
    /// <param name="accounting">Where the records went.</param>
    /// <param name="bounds">The bounds.</param>
    public static IReadOnlyList<SoakCheck> Steady(IReadOnlyList<SoakSample> samples, IReadOnlyList<CumulativeHistogram> latencies, SoakAccounting accounting, SoakBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(latencies);
        ArgumentNullException.ThrowIfNull(bounds);
        var measured = AfterWarmUp(samples, SoakPhase.Steady, bounds.WarmUpFraction);
        var checks = new List<SoakCheck>
        {
            Flat("resident memory (RSS) flat", measured, sample => sample.RssMiB, bounds.RssGrowthMiB, bounds.RssGrowthShare, "MiB"),
            Flat("managed heap after GC flat", measured, sample => sample.ManagedHeapMiB, bounds.HeapGrowthMiB, bounds.HeapGrowthShare, "MiB"),
            Flat("threads flat", measured, sample => sample.Threads, bounds.ThreadGrowth, 0, "threads"),
            Flat("open file descriptors flat", measured, sample => sample.OpenFiles, bounds.OpenFileGrowth, 0, "descriptors"),
            LagBounded(measured, bounds.LagSeconds),
            LatencyStable(samples, latencies, measured, bounds),
        };
        checks.AddRange(Accounted(accounting));
        return checks;
    }

    /// <summary>The samples of <paramref name="phase"/> after its first <paramref name="warmUpFraction"/>.</summary>
    public static IReadOnlyList<SoakSample> AfterWarmUp(IReadOnlyList<SoakSample> samples, SoakPhase phase, double warmUpFraction)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var inPhase = samples.Where(sample => sample.Phase == phase).ToList();
        if (inPhase.Count == 0)
        {
            return inPhase;
        }

        var start = inPhase[0].Seconds + ((inPhase[^1].Seconds - inPhase[0].Seconds) * warmUpFraction);
        return [.. inPhase.Where(sample => sample.Seconds >= start)];
    }

    /// <summary>Growth of the least-squares line of <paramref name="value"/> (per minute) within the larger of <paramref name="absolute"/> and <paramref name="share"/> of the mean.</summary>
    public static SoakCheck Flat(string name, IReadOnlyList<SoakSample> samples, Func<SoakSample, double?> value, double absolute, double share, string unit)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(value);
        var trend = LinearTrend.Fit([.. samples.Select(sample => (sample.Seconds / 60, value(sample)))]);
        var allowed = Math.Max(absolute, share * trend.Mean);
        var boundText = share > 0 ? $"growth ≤ {F(allowed)} {unit} (max of {F(absolute)} {unit} and {share:P0} of the mean)" : $"growth ≤ {F(allowed)} {unit}";
        if (trend.Points < 3)
        {
            return new SoakCheck(name, false, $"only {trend.Points} samples after warm-up", boundText);
        }

        return new SoakCheck(name, trend.Growth <= allowed, $"slope {F(trend.Slope, "0.###")} {unit}/min over {F(trend.Span)} min = growth {F(trend.Growth)} {unit} (mean {F(trend.Mean)})", boundText);
    }

    /// <summary>Lag never above <paramref name="seconds"/> of the producer's target rate.</summary>
    public static SoakCheck LagBounded(IReadOnlyList<SoakSample> samples, double seconds)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var withLag = samples.Where(sample => sample.LagRecords is not null).ToList();
        var boundText = $"lag ≤ {F(seconds)} s of the target rate at every sample";
        if (withLag.Count == 0)
        {
            return new SoakCheck("consumer lag bounded", false, "no lag samples", boundText);
        }

        var worst = withLag.MaxBy(sample => sample.LagRecords!.Value / Math.Max(1, sample.TargetRate))!;
        var passed = withLag.All(sample => sample.LagRecords!.Value <= seconds * sample.TargetRate);
        var trend = LinearTrend.Fit([.. withLag.Select(sample => (sample.Seconds / 60, sample.LagRecords))]);
        return new SoakCheck("consumer lag bounded", passed, $"max {F(worst.LagRecords!.Value)} records ({F(worst.LagRecords!.Value / Math.Max(1, worst.TargetRate), "0.0")} s of load); mean {F(trend.Mean)}, slope {F(trend.Slope, "0.#")} records/min", boundText);
    }

    /// <summary>
    /// Per segment, the alert-latency median within a factor <see cref="SoakBounds.LatencyFactor"/> and the
    /// p99 within <see cref="SoakBounds.LatencyTailFactor"/> of the typical segment's, up or down (the
    /// median over the segments, so one noisy segment is judged against the rest rather than becoming the
    /// yardstick, and a drift fails at both ends).
    /// </summary>
    public static SoakCheck LatencyStable(IReadOnlyList<SoakSample> samples, IReadOnlyList<CumulativeHistogram> latencies, IReadOnlyList<SoakSample> measured, SoakBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(latencies);
        ArgumentNullException.ThrowIfNull(measured);
        ArgumentNullException.ThrowIfNull(bounds);
        var boundText = $"every segment's p50 within ×{F(bounds.LatencyFactor)} and p99 within ×{F(bounds.LatencyTailFactor)} of the median segment's, up or down (values under {F(bounds.LatencyFloorMs)} ms count as {F(bounds.LatencyFloorMs)} ms)";
        var segments = LatencySegments(samples, latencies, measured, bounds.LatencySegmentSeconds);
        var withData = segments.Where(segment => segment.Histogram.Total > 0).ToList();
        if (withData.Count < 2)
        {
            return new SoakCheck("alert latency stable", false, $"alerts in {withData.Count} of {segments.Count} segments: too few to compare", boundText);
        }

        double Floored(LatencySegment segment, double quantile) => Math.Max(bounds.LatencyFloorMs, (segment.Histogram.Quantile(quantile) ?? 0) * 1000);
        var p50Median = Median(withData.Select(segment => Floored(segment, 0.5)));
        var p99Median = Median(withData.Select(segment => Floored(segment, 0.99)));
        bool Within(double value, double median, double factor) => value <= median * factor && value >= median / factor;
        var passed = withData.Count == segments.Count && withData.All(segment => Within(Floored(segment, 0.5), p50Median, bounds.LatencyFactor) && Within(Floored(segment, 0.99), p99Median, bounds.LatencyTailFactor));
        var text = string.Join("; ", withData.Select(segment => $"{F(segment.StartSeconds / 60, "0.#")}–{F(segment.EndSeconds / 60, "0.#")} min: p50 {F(segment.Histogram.Quantile(0.5)!.Value * 1000)} ms, p99 {F(segment.Histogram.Quantile(0.99)!.Value * 1000)} ms ({F(segment.Histogram.Total)} alerts)"));
        return new SoakCheck("alert latency stable", passed, (withData.Count < segments.Count ? $"no alerts in {segments.Count - withData.Count} segment(s); " : string.Empty) + text, boundText);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The measured span cut into segments of about <paramref name="segmentSeconds"/> (at least two), each with the latencies observed in it.</summary>
    public static IReadOnlyList<LatencySegment> LatencySegments(IReadOnlyList<SoakSample> samples, IReadOnlyList<CumulativeHistogram> latencies, IReadOnlyList<SoakSample> measured, double segmentSeconds)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(latencies);
        ArgumentNullException.ThrowIfNull(measured);
        if (measured.Count < 2)
        {
            return [];
        }

        var start = measured[0].Seconds;
        var end = measured[^1].Seconds;
        var count = (int)Math.Clamp(Math.Round((end - start) / segmentSeconds), 2, 12);
        var length = (end - start) / count;
        var segments = new List<LatencySegment>();
        for (var index = 0; index < count; index++)
        {
            var from = start + (index * length);
            var to = index == count - 1 ? end + 1e-9 : from + length;
            var histogram = CumulativeHistogram.Empty;
            for (var sample = 0; sample < samples.Count && sample < latencies.Count; sample++)
            {
                if (samples[sample].Seconds > from && samples[sample].Seconds <= to && samples[sample].Phase == measured[0].Phase)
                {
                    histogram = histogram.Plus(latencies[sample]);
                }
            }

            segments.Add(new LatencySegment(from, Math.Min(to, end), histogram));
        }

        return segments;
    }

    /// <summary>Every record accounted for; nothing in flight or uncommitted at the end; the worker stopped cleanly.</summary>
    public static IReadOnlyList<SoakCheck> Accounted(SoakAccounting accounting)
    {
        ArgumentNullException.ThrowIfNull(accounting);
        return
        [
            new SoakCheck(
                "every record accounted for",
                accounting.Unaccounted == 0 && accounting.ProduceFailures == 0 && accounting.InFlightAtEnd == 0 && accounting.LagAtEnd == 0,
                $"produced {N(accounting.Produced)} = processed {N(accounting.Processed)} + dead-lettered {N(accounting.DeadLettered)} + skipped by the broker {N(accounting.SkippedByBroker)} {(accounting.Unaccounted == 0 ? "exactly" : $"+ {N(accounting.Unaccounted)} unaccounted")}; produce failures {N(accounting.ProduceFailures)}; in flight {N(accounting.InFlightAtEnd)} and lag {N(accounting.LagAtEnd)} at the end",
                "produced = processed + dead-lettered + skipped; 0 in flight and 0 lag after the drain"),
            new SoakCheck(
                "graceful stop",
                accounting.WorkerExitCode == 0,
                accounting.WorkerExitCode is { } code ? $"exit code {code} after SIGTERM" : "did not exit after SIGTERM (killed)",
                "exit code 0 after SIGTERM"),
        ];
    }

    /// <summary>A number for the report (invariant culture).</summary>
    public static string F(double value, string format = "0.#") => value.ToString(format, CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary>A stretch of the run and the alert latencies observed in it.</summary>
/// <param name="StartSeconds">Start, seconds since the run started.</param>
/// <param name="EndSeconds">End.</param>
/// <param name="Histogram">Latencies (seconds) observed in it.</param>
internal sealed record LatencySegment(double StartSeconds, double EndSeconds, CumulativeHistogram Histogram);
