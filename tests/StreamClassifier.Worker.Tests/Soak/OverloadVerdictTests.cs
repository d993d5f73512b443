using StreamClassifier.Worker.Soak;

namespace StreamClassifier.Worker.Tests.Soak;

/// <summary>The overload verdict on synthetic runs: behind, reported, bounded, caught up — or not.</summary>
public sealed class OverloadVerdictTests
{
    private static readonly SoakBounds Bounds = new();

    [Fact]
    public void A_worker_that_falls_behind_says_so_stays_bounded_and_catches_up_passes()
    {
        var checks = OverloadVerdict.Checks(Run(), SyntheticRuns.Balanced(), Bounds, maxInFlightRecords: 10_000);

        Assert.All(checks, check => Assert.True(check.Passed, $"{check.Name}: {check.Measured}"));
    }

    [Fact]
    public void Memory_growing_with_the_backlog_fails()
    {
        var checks = OverloadVerdict.Checks(Run(rssGrowthPerSecond: 2), SyntheticRuns.Balanced(), Bounds, 10_000);

        Assert.False(checks.Single(check => check.Name == "resident memory bounded under overload").Passed);
    }

    [Fact]
    public void In_flight_above_the_bound_fails()
    {
        var checks = OverloadVerdict.Checks(Run(), SyntheticRuns.Balanced(), Bounds, maxInFlightRecords: 50);

        Assert.False(checks.Single(check => check.Name == "in flight within max_in_flight_records").Passed);
    }

    [Fact]
    public void A_worker_that_stays_ready_while_behind_fails()
    {
        var checks = OverloadVerdict.Checks(Run(reportsBehind: false), SyntheticRuns.Balanced(), Bounds, 10_000);

        Assert.False(checks.Single(check => check.Name == "/readyz says the worker is behind").Passed);
    }

    [Fact]
    public void A_worker_that_never_catches_up_fails()
    {
        var checks = OverloadVerdict.Checks(Run(catchesUp: false), SyntheticRuns.Balanced(), Bounds, 10_000);

        Assert.False(checks.Single(check => check.Name == "caught up after the overload").Passed);
    }

    /// <summary>2 min steady, 2 min overload (lag grows 200 records/s), 4 min recovery (lag shrinks 50 records/s, or not).</summary>
    private static List<SoakSample> Run(double rssGrowthPerSecond = 0.1, bool reportsBehind = true, bool catchesUp = true)
    {
        var samples = new List<SoakSample>();
        var lag = 50.0;
        for (var second = 0; second <= 480; second += 5)
        {
            var phase = second < 120 ? SoakPhase.Steady : second < 240 ? SoakPhase.Overload : SoakPhase.Recovery;
            lag = phase switch
            {
                SoakPhase.Steady => 50,
                SoakPhase.Overload => lag + (200 * 5),
                _ => catchesUp ? Math.Max(50, lag - (250 * 5)) : lag + 10,
            };
            var behind = lag > 3000;
            samples.Add(new SoakSample
            {
                Seconds = second,
                Phase = phase,
                TargetRate = phase == SoakPhase.Overload ? 300 : 50,
                Produced = second * 100,
                RssMiB = 180 + (phase == SoakPhase.Steady ? 0 : (second - 120) * rssGrowthPerSecond),
                ManagedHeapMiB = 17,
                Threads = 41,
                OpenFiles = 230,
                LagRecords = lag,
                LagSeconds = lag / 100,
                InFlight = phase == SoakPhase.Steady ? 10 : 100,
                ReadyStatus = behind && reportsBehind ? 503 : 200,
                NotReadyReason = behind && reportsBehind ? $"lag: behind by {lag / 100:0} s ({lag:0} records) on sensors.ecg" : null,
            });
        }

        return samples;
    }
}
