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
    public void A_small_run_consumes_every_record_and_reports_rates_ceiling_and_load()
    {
        using var bench = WorkerProcess.Start("bench", "--source", "kafka", "--topology", Topology, "--sensors", "4", "--windows", "400", "--json");
        Assert.Equal(0, bench.WaitForExit(TimeSpan.FromSeconds(120), "bench --source kafka to finish"));

        using var result = JsonDocument.Parse(bench.Output.Trim().Split('\n')[^1]);
        var root = result.RootElement;
        Assert.Equal(400, root.GetProperty("records").GetInt32());     // one 250-sample window per 250-sample record
        Assert.Equal(400, root.GetProperty("windows").GetInt64());
        Assert.Equal(100_000, root.GetProperty("samples").GetInt64());
        Assert.Equal(4, root.GetProperty("partitions").GetInt32());
        Assert.All(new[] { "records_per_second", "samples_per_second", "windows_per_second", "ceiling_windows_per_second", "ratio", "cpu_ratio" },
            name => Assert.True(root.GetProperty(name).GetDouble() > 0, $"{name} is {root.GetProperty(name)}"));
        Assert.Matches(@"^\d+\.\d+ \d+\.\d+ \d+\.\d+$", root.GetProperty("load_average_before").GetString());
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
