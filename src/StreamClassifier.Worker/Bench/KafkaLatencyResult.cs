using System.Globalization;
using StreamClassifier.Worker.Demo;

namespace StreamClassifier.Worker.Bench;

/// <summary>The outcome of <c>bench --latency</c>.</summary>
internal sealed record KafkaLatencyResult : BenchSetup
{
    /// <summary>The worker's capacity the pacing is a fraction of, windows/s.</summary>
    public required double CapacityWindowsPerSecond { get; init; }

    /// <summary>The fraction of capacity published.</summary>
    public required double Fraction { get; init; }

    /// <summary>Windows/s the publisher was paced at.</summary>
    public required double PacedWindowsPerSecond { get; init; }

    /// <summary>Windows/s the worker scored after the warm-up.</summary>
    public required double MeasuredWindowsPerSecond { get; init; }

    /// <summary>Seconds from the first record received that are not measured.</summary>
    public required double WarmUpSeconds { get; init; }

    /// <summary>First record received to last record completed.</summary>
    public required double Seconds { get; init; }

    /// <summary>CPU time of this process (worker, scorer, publisher) per second of the run.</summary>
    public required double CpuSecondsPerSecond { get; init; }

    /// <summary>Record received (the poll returning it) to its window scored, ms.</summary>
    public required LatencySummary WindowScored { get; init; }

    /// <summary>Record received to the alert of its window acknowledged by the broker, ms.</summary>
    public required LatencySummary AlertAcknowledged { get; init; }

    /// <summary>/proc/loadavg (1, 5, 15 min) before the run.</summary>
    public required string LoadAverageBefore { get; init; }

    /// <summary>/proc/loadavg after the run.</summary>
    public required string LoadAverageAfter { get; init; }

    /// <summary>Human-readable lines.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"""
        bench --latency: {Topology} ({Model}), {Sensors} sensors, records of {ChunkSamples} samples (one window each), windows {Window}, batch {Batch}
          paced at {Fraction:0.00} × capacity {CapacityWindowsPerSecond:N0} = {PacedWindowsPerSecond:N0} windows/s; measured {MeasuredWindowsPerSecond:N0} windows/s over {Seconds:0.0} s after a {WarmUpSeconds:0} s warm-up ({CpuSecondsPerSecond:0.00} CPU s/s)
          record received → window scored:     {Line(WindowScored)}
          record received → alert acknowledged: {Line(AlertAcknowledged)}
          load average before {LoadAverageBefore}, after {LoadAverageAfter}
        """);

    private static string Line(LatencySummary latency) => latency.Count == 0
        ? "no observations"
        : string.Create(CultureInfo.InvariantCulture, $"p50 {latency.P50Ms:0.00} ms, p99 {latency.P99Ms:0.00} ms, max {latency.MaxMs:0.00} ms (n={latency.Count})");
}
