namespace StreamClassifier.Worker.Soak;

/// <summary>
/// Judges the overload profile: in flight never above the configured bound, memory flat while the
/// backlog grows, <c>/readyz</c> and the lag metric saying the worker is behind, the worker caught up
/// once the load dropped, and every record accounted for.
/// </summary>
internal static class OverloadVerdict
{
    /// <summary>The phrase <c>/readyz</c> uses for a worker that is behind (see <c>LagReadiness</c>).</summary>
    public const string BehindMarker = "behind";

    /// <summary>The checks of an overload run.</summary>
    public static IReadOnlyList<SoakCheck> Checks(IReadOnlyList<SoakSample> samples, SoakAccounting accounting, SoakBounds bounds, int maxInFlightRecords)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(bounds);
        var overload = samples.Where(sample => sample.Phase == SoakPhase.Overload).ToList();
        var recovery = samples.Where(sample => sample.Phase == SoakPhase.Recovery).ToList();
        var loaded = samples.Where(sample => sample.Phase is SoakPhase.Steady or SoakPhase.Overload or SoakPhase.Recovery).ToList();
        var peakInFlight = loaded.Select(sample => sample.InFlight ?? 0).DefaultIfEmpty(0).Max();
        var checks = new List<SoakCheck>
        {
            new("in flight within max_in_flight_records", loaded.Count > 0 && peakInFlight <= maxInFlightRecords, $"peak {SoakVerdict.F(peakInFlight)} records", $"≤ {maxInFlightRecords} (source.kafka.max_in_flight_records)"),
            MemoryBounded(samples.Where(sample => sample.Phase == SoakPhase.Steady).ToList(), overload.Concat(recovery).ToList(), bounds.OverloadRssAllowanceMiB),
            SoakVerdict.Flat("managed heap flat under overload", overload, sample => sample.ManagedHeapMiB, bounds.HeapGrowthMiB, bounds.HeapGrowthShare, "MiB"),
            ReportedBehind(overload.Concat(recovery).ToList()),
            LagMetric(overload.Concat(recovery).ToList()),
            CaughtUpCheck(recovery, bounds.LagSeconds),
        };
        checks.AddRange(SoakVerdict.Accounted(accounting));
        return checks;
    }

    /// <summary>Whether <paramref name="sample"/> shows a worker that has caught up: ready, and lag within <paramref name="lagSeconds"/> of the target rate.</summary>
    public static bool CaughtUp(SoakSample sample, double lagSeconds)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return sample.ReadyStatus == 200 && sample.LagRecords is { } lag && lag <= lagSeconds * Math.Max(1, sample.TargetRate);
    }

    private static SoakCheck MemoryBounded(IReadOnlyList<SoakSample> steady, IReadOnlyList<SoakSample> behind, double allowanceMiB)
    {
        var steadyPeak = steady.Select(sample => sample.RssMiB ?? 0).DefaultIfEmpty(0).Max();
        var behindPeak = behind.Select(sample => sample.RssMiB ?? 0).DefaultIfEmpty(0).Max();
        return new SoakCheck(
            "resident memory bounded under overload",
            steady.Count > 0 && behind.Count > 0 && behindPeak <= steadyPeak + allowanceMiB,
            $"peak {SoakVerdict.F(behindPeak)} MiB while behind, {SoakVerdict.F(steadyPeak)} MiB before",
            $"≤ the steady peak + {SoakVerdict.F(allowanceMiB)} MiB (librdkafka's fetch queue, queued.max.messages.kbytes = 64 MiB by default, + 32 MiB)");
    }

    private static SoakCheck ReportedBehind(IReadOnlyList<SoakSample> samples)
    {
        var behind = samples.Where(sample => sample.ReadyStatus == 503 && sample.NotReadyReason?.Contains(BehindMarker, StringComparison.Ordinal) == true).ToList();
        return new SoakCheck(
            "/readyz says the worker is behind",
            behind.Count > 0,
            behind.Count > 0 ? $"503 in {behind.Count} of {samples.Count} samples, first at {SoakVerdict.F(behind[0].Seconds)} s: \"{behind[0].NotReadyReason}\"" : $"never (of {samples.Count} samples)",
            "503 with the lag while behind");
    }

    private static SoakCheck LagMetric(IReadOnlyList<SoakSample> samples)
    {
        var peakRecords = samples.Select(sample => sample.LagRecords ?? 0).DefaultIfEmpty(0).Max();
        var peakSeconds = samples.Select(sample => sample.LagSeconds ?? 0).DefaultIfEmpty(0).Max();
        return new SoakCheck(
            "lag metrics say how far behind",
            peakRecords > 0 && peakSeconds > 0,
            $"peak {SoakVerdict.F(peakRecords)} records, {SoakVerdict.F(peakSeconds)} s",
            "streamclassifier_consumer_lag and streamclassifier_consumer_lag_seconds above 0 while behind");
    }

    private static SoakCheck CaughtUpCheck(IReadOnlyList<SoakSample> recovery, double lagSeconds)
    {
        var first = recovery.FirstOrDefault(sample => CaughtUp(sample, lagSeconds));
        return new SoakCheck(
            "caught up after the overload",
            first is not null,
            first is null ? $"still behind after {SoakVerdict.F(recovery.Count > 0 ? recovery[^1].Seconds - recovery[0].Seconds : 0)} s of recovery" : $"ready with lag {SoakVerdict.F(first.LagRecords ?? 0)} records {SoakVerdict.F(first.Seconds - recovery[0].Seconds)} s after the load dropped",
            $"ready and lag ≤ {SoakVerdict.F(lagSeconds)} s of the rate within the recovery limit");
    }
}
