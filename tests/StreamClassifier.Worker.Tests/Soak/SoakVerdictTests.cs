using StreamClassifier.Worker.Soak;

namespace StreamClassifier.Worker.Tests.Soak;

/// <summary>The soak verdict passes a flat run and fails each kind of growth, drift and loss (synthetic series).</summary>
public sealed class SoakVerdictTests
{
    private static readonly SoakBounds Bounds = new();

    [Fact]
    public void A_flat_run_with_stable_latency_and_every_record_accounted_for_passes()
    {
        var samples = SyntheticRuns.Steady();
        var checks = SoakVerdict.Steady(samples, SyntheticRuns.Latencies(samples, _ => 40), SyntheticRuns.Balanced(), Bounds);

        Assert.All(checks, check => Assert.True(check.Passed, $"{check.Name}: {check.Measured} (bound {check.Bound})"));
        Assert.Equal(8, checks.Count);
    }

    [Theory]
    [InlineData("resident memory (RSS) flat")]
    [InlineData("managed heap after GC flat")]
    [InlineData("threads flat")]
    [InlineData("open file descriptors flat")]
    [InlineData("consumer lag bounded")]
    public void A_series_that_grows_fails_its_check_and_only_its_check(string failing)
    {
        // Leaks small enough to hide in an hour's noise by eye: 1 MiB/min RSS, 0.5 MiB/min heap, a thread every 8 minutes, a descriptor every 4, lag creeping up.
        var samples = failing switch
        {
            "resident memory (RSS) flat" => SyntheticRuns.Steady(rss: minute => 180 + minute),
            "managed heap after GC flat" => SyntheticRuns.Steady(heap: minute => 17 + (minute / 2)),
            "threads flat" => SyntheticRuns.Steady(threads: minute => 41 + (minute / 8)),
            "open file descriptors flat" => SyntheticRuns.Steady(files: minute => 230 + (minute / 4)),
            _ => SyntheticRuns.Steady(lag: minute => 100 + (minute * 30)),
        };

        var checks = SoakVerdict.Steady(samples, SyntheticRuns.Latencies(samples, _ => 40), SyntheticRuns.Balanced(), Bounds);

        Assert.False(checks.Single(check => check.Name == failing).Passed);
        Assert.All(checks.Where(check => check.Name != failing), check => Assert.True(check.Passed, $"{check.Name}: {check.Measured}"));
    }

    [Fact]
    public void Growth_during_warm_up_is_not_held_against_the_run()
    {
        // RSS climbs for the first 10 minutes (pools, arenas, JIT), then stays flat.
        var samples = SyntheticRuns.Steady(rss: minute => 120 + (60 * Math.Min(minute, 10) / 10));

        var check = SoakVerdict.Steady(samples, SyntheticRuns.Latencies(samples, _ => 40), SyntheticRuns.Balanced(), Bounds)[0];

        Assert.True(check.Passed, check.Measured);
    }

    [Fact]
    public void Alert_latency_that_drifts_upwards_fails()
    {
        var samples = SyntheticRuns.Steady();
        var checks = SoakVerdict.Steady(samples, SyntheticRuns.Latencies(samples, minute => 30 + (minute * 8)), SyntheticRuns.Balanced(), Bounds);

        var latency = checks.Single(check => check.Name == "alert latency stable");
        Assert.False(latency.Passed, latency.Measured);
    }

    [Fact]
    public void Latency_jitter_below_the_floor_passes_and_a_run_without_alerts_fails()
    {
        var samples = SyntheticRuns.Steady();

        Assert.True(SoakVerdict.Steady(samples, SyntheticRuns.Latencies(samples, minute => minute < 30 ? 5 : 40), SyntheticRuns.Balanced(), Bounds).Single(check => check.Name == "alert latency stable").Passed);
        var silent = SoakVerdict.Steady(samples, SyntheticRuns.Latencies(samples, _ => 40, alerts: 0), SyntheticRuns.Balanced(), Bounds).Single(check => check.Name == "alert latency stable");
        Assert.False(silent.Passed);
        Assert.Contains("too few", silent.Measured, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_missing_left_in_flight_or_a_killed_worker_fails_the_accounting()
    {
        var balanced = SyntheticRuns.Balanced();

        Assert.All(SoakVerdict.Accounted(balanced), check => Assert.True(check.Passed));
        Assert.False(SoakVerdict.Accounted(balanced with { Processed = balanced.Processed - 1 })[0].Passed);
        Assert.False(SoakVerdict.Accounted(balanced with { Processed = balanced.Processed + 1 })[0].Passed);
        Assert.False(SoakVerdict.Accounted(balanced with { InFlightAtEnd = 3 })[0].Passed);
        Assert.False(SoakVerdict.Accounted(balanced with { LagAtEnd = 3 })[0].Passed);
        Assert.False(SoakVerdict.Accounted(balanced with { ProduceFailures = 1, Produced = balanced.Produced })[0].Passed);
        Assert.False(SoakVerdict.Accounted(balanced with { WorkerExitCode = null })[1].Passed);
        Assert.Contains("+ 1 unaccounted", SoakVerdict.Accounted(balanced with { Processed = balanced.Processed - 1 })[0].Measured, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_the_broker_deleted_are_accounted_for_as_skipped()
    {
        var skipped = SyntheticRuns.Balanced() with { Processed = 359_890, SkippedByBroker = 100 };

        Assert.True(SoakVerdict.Accounted(skipped)[0].Passed);
    }
}
