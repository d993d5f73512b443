using System.Text.Json;
using StreamClassifier.Kafka.Tests.Support;
using StreamClassifier.Testing;

namespace StreamClassifier.Kafka.Tests.Worker;

/// <summary>
/// `streamclassifier bench --source kafka` as a user runs it (its own process, the broker a child of
/// it): a small run completes and reports every figure; a topic that does not fit the embedded
/// broker's retention is refused with the reason instead of stalling (the old failure). Speed is
/// not asserted here: docs/benchmarks.md records the measurements.
/// </summary>
public class KafkaBenchCommandTests
{
    private static readonly string Topology = SharedPaths.Repo("topologies", "bench-example1.yaml");

    [Fact]
    public void A_small_run_of_two_rounds_consumes_every_record_each_time_and_reports_rates_ceiling_load_and_their_medians()
    {
        using var bench = WorkerProcess.Start("bench", "--source", "kafka", "--topology", Topology, "--sensors", "4", "--windows", "400", "--rounds", "2", "--json");
        Assert.Equal(0, bench.WaitForExit(TimeSpan.FromSeconds(180), "bench --source kafka to finish"));

        using var result = JsonDocument.Parse(bench.Output.Trim().Split('\n')[^1]);
        var root = result.RootElement;
        var rounds = root.GetProperty("rounds").EnumerateArray().ToList();
        Assert.Equal(2, rounds.Count);
        foreach (var round in rounds)
        {
            Assert.Equal(400, round.GetProperty("records").GetInt32());     // one 250-sample window per 250-sample record
            Assert.Equal(400, round.GetProperty("windows").GetInt64());
            Assert.Equal(100_000, round.GetProperty("samples").GetInt64());
            Assert.Equal(4, round.GetProperty("partitions").GetInt32());
            Assert.All(new[] { "records_per_second", "samples_per_second", "windows_per_second", "ceiling_windows_per_second", "ratio", "cpu_ratio" },
                name => Assert.True(round.GetProperty(name).GetDouble() > 0, $"{name} is {round.GetProperty(name)}"));
            Assert.Matches(@"^\d+\.\d+ \d+\.\d+ \d+\.\d+$", round.GetProperty("load_average_before").GetString());
        }

        var ratios = rounds.Select(round => round.GetProperty("ratio").GetDouble()).Order().ToList();
        Assert.Equal(Math.Round((ratios[0] + ratios[1]) / 2, 3), root.GetProperty("median_ratio").GetDouble(), 3);
        Assert.Equal(ratios, root.GetProperty("ratio_spread").EnumerateArray().Select(value => value.GetDouble()));
        Assert.True(root.GetProperty("median_cpu_ratio").GetDouble() > 0);
    }

    [Fact]
    public void A_short_latency_run_paces_its_input_and_reports_window_and_alert_percentiles()
    {
        using var bench = WorkerProcess.Start("bench", "--latency", "--topology", Topology, "--sensors", "8", "--capacity", "400", "--seconds", "8", "--json");
        Assert.Equal(0, bench.WaitForExit(TimeSpan.FromSeconds(180), "bench --latency to finish"));

        using var result = JsonDocument.Parse(bench.Output.Trim().Split('\n')[^1]);
        var root = result.RootElement;
        Assert.Equal((400.0, 0.5, 200.0), (root.GetProperty("capacity_windows_per_second").GetDouble(), root.GetProperty("fraction").GetDouble(), root.GetProperty("paced_windows_per_second").GetDouble()));
        var windows = root.GetProperty("window_scored");
        Assert.True(windows.GetProperty("count").GetInt32() > 100, windows.ToString());
        var (p50, p99, max) = (windows.GetProperty("p50_ms").GetDouble(), windows.GetProperty("p99_ms").GetDouble(), windows.GetProperty("max_ms").GetDouble());
        Assert.True(p50 > 0 && p50 <= p99 && p99 <= max, windows.ToString());
        Assert.True(root.TryGetProperty("alert_acknowledged", out _));
    }

    [Fact]
    public void A_topic_beyond_the_embedded_brokers_retention_is_refused_with_the_reason()
    {
        // 3,600 records of ≈ 1.7 KB in one partition: ≈ 6 MB, over the mock's 5 MiB.
        using var bench = WorkerProcess.Start("bench", "--source", "kafka", "--topology", Topology, "--sensors", "4", "--windows", "3600", "--partitions", "1");
        Assert.Equal(1, bench.WaitForExit(TimeSpan.FromSeconds(120), "bench --source kafka to refuse the topic"));

        Assert.Contains("of the 3600 records published", bench.Output, StringComparison.Ordinal);
        Assert.Contains("the broker already deleted", bench.Output, StringComparison.Ordinal);
        Assert.Contains("Use more partitions (--partitions) or fewer windows.", bench.Output, StringComparison.Ordinal);
    }
}
