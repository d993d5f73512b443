using System.Text.Json;
using StreamClassifier.Testing;

namespace StreamClassifier.Worker.Tests.Soak;

/// <summary>
/// <c>streamclassifier soak</c> end to end, CI-sized: a 3-minute steady soak and a test-sized overload
/// (tens of seconds at 3× capacity), each a real run (embedded broker, producer, worker child process)
/// whose verdict must pass. The verdict's ability to fail is tested on synthetic series (SoakVerdictTests).
/// </summary>
public sealed class SoakRunTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(20);

    [Fact]
    public void A_three_minute_soak_passes_its_verdict_and_writes_the_report()
    {
        var output = Directory.CreateTempSubdirectory("soak-ci-").FullName;

        var (exitCode, log) = Soak(output, "--duration", "3m", "--sample-interval", "2s", "--calibration-records", "4000");

        Assert.True(exitCode == 0, $"soak exit code {exitCode}:\n{log}");
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "soak-report.json")));
        Assert.True(report.RootElement.GetProperty("passed").GetBoolean());
        var checks = report.RootElement.GetProperty("checks").EnumerateArray().Select(check => check.GetProperty("name").GetString()).ToList();
        Assert.Contains("resident memory (RSS) flat", checks);
        Assert.Contains("every record accounted for", checks);
        Assert.True(report.RootElement.GetProperty("samples").GetArrayLength() > 60);
        var last = report.RootElement.GetProperty("samples")[report.RootElement.GetProperty("samples").GetArrayLength() - 1];
        Assert.True(last.GetProperty("rss_mib").GetDouble() > 10);
        Assert.True(last.GetProperty("managed_heap_mib").GetDouble() > 1);
        foreach (var plot in new[] { "memory", "threads", "lag", "latency" })
        {
            Assert.True(new FileInfo(Path.Combine(output, $"soak-{plot}.png")).Length > 1000, plot);
        }

        Assert.Contains("# Soak run: PASSED", File.ReadAllText(Path.Combine(output, "soak-report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Under_an_overload_the_worker_reports_it_is_behind_stays_bounded_loses_nothing_and_catches_up()
    {
        var output = Directory.CreateTempSubdirectory("overload-ci-").FullName;
        // A readiness bound of 5 s, so tens of seconds of overload put the worker well past it.
        var topology = Path.Combine(output, "ecg-demo.yaml");
        File.WriteAllText(topology, File.ReadAllText(SharedPaths.Repo("topologies", "ecg-demo.yaml"))
            .Replace("path: models/ecg-pvc.onnx", $"path: {SharedPaths.Repo("models", "ecg-pvc.onnx")}", StringComparison.Ordinal)
            + "\nworker:\n  ready_max_lag_s: 5\n");

        var (exitCode, log) = Soak(output, "--profile", "overload", "--topology", topology, "--duration", "20s", "--overload-duration", "30s", "--recovery-limit", "4m", "--sample-interval", "2s", "--calibration-records", "3000", "--partitions", "32");

        Assert.True(exitCode == 0, $"soak exit code {exitCode}:\n{log}");
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "overload-report.json")));
        var checks = report.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(check => check.GetProperty("name").GetString()!, check => check.GetProperty("passed").GetBoolean());
        Assert.True(checks["/readyz says the worker is behind"]);
        Assert.True(checks["caught up after the overload"]);
        Assert.True(checks["every record accounted for"]);
        Assert.True(checks["in flight within max_in_flight_records"]);
        Assert.True(checks["resident memory bounded under overload"]);
        Assert.Contains(report.RootElement.GetProperty("samples").EnumerateArray(), sample => sample.TryGetProperty("lag_seconds", out var seconds) && seconds.GetDouble() > 5);
    }

    [Theory]
    [InlineData("--fraction -1", "--fraction must be a positive number, got -1.")]
    [InlineData("--duration soon", "--duration")]
    [InlineData("--data /nonexistent/records", "No annotated WFDB records (.hea with .atr) in /nonexistent/records; pass --data")]
    public void A_bad_option_gets_one_line_and_exit_code_2(string arguments, string message)
    {
        var (exitCode, log) = ProcessRun.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "streamclassifier.dll"), "soak", "--topology", SharedPaths.Repo("topologies", "ecg-demo.yaml"), "--output", Path.Combine(Path.GetTempPath(), "soak-bad-option"), .. arguments.Split(' ')],
            TimeSpan.FromMinutes(2),
            workingDirectory: SharedPaths.RepoRoot);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Log) Soak(string output, params string[] arguments) =>
        ProcessRun.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "streamclassifier.dll"), "soak", "--output", output, "--data", SharedPaths.Repo("samples", "mitbih-heldout"), .. arguments.Contains("--topology") ? arguments : ["--topology", SharedPaths.Repo("topologies", "ecg-demo.yaml"), .. arguments]],
            Limit,
            workingDirectory: SharedPaths.RepoRoot);
}
