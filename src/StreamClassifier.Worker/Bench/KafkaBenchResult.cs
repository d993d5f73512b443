using System.Globalization;

namespace StreamClassifier.Worker.Bench;

/// <summary>The outcome of <c>bench --source kafka</c>: one timed run of the worker and the scorer-alone ceiling around it.</summary>
internal sealed record KafkaBenchResult : BenchSetup
{
    /// <summary>Records on the topic.</summary>
    public required int Records { get; init; }

    /// <summary>JSON bytes on the topic, MB.</summary>
    public required double RecordMegabytes { get; init; }

    /// <summary>Partitions of the source topic.</summary>
    public required int Partitions { get; init; }

    /// <summary>Samples on the topic.</summary>
    public required long Samples { get; init; }

    /// <summary>Windows the worker scored.</summary>
    public required long Windows { get; init; }

    /// <summary>From the first record consumed to the last record completed.</summary>
    public required double Seconds { get; init; }

    /// <summary>Records per second.</summary>
    public required double RecordsPerSecond { get; init; }

    /// <summary>Samples per second.</summary>
    public required double SamplesPerSecond { get; init; }

    /// <summary>Windows per second.</summary>
    public required double WindowsPerSecond { get; init; }

    /// <summary>The scorer alone on the same number of windows, timed just before the worker.</summary>
    public required double CeilingWindowsPerSecondBefore { get; init; }

    /// <summary>The scorer alone on the windows the worker scored, timed just after it.</summary>
    public required double CeilingWindowsPerSecondAfter { get; init; }

    /// <summary>The mean of the two ceilings: the machine's conditions around the worker's run.</summary>
    public double CeilingWindowsPerSecond => Math.Round((CeilingWindowsPerSecondBefore + CeilingWindowsPerSecondAfter) / 2);

    /// <summary>Worker windows/s over <see cref="CeilingWindowsPerSecond"/>.</summary>
    public double Ratio => Math.Round(WindowsPerSecond / CeilingWindowsPerSecond, 3);

    /// <summary>CPU time of this process (worker, pipeline, scorer, librdkafka threads) per second of the run: at most the core count.</summary>
    public required double CpuSecondsPerSecond { get; init; }

    /// <summary>Windows the worker scored per second of this process's CPU time: independent of how much CPU the machine's load left it.</summary>
    public required double WindowsPerCpuSecond { get; init; }

    /// <summary>Windows the scorer alone scored per second of CPU time (both ceiling measurements).</summary>
    public required double CeilingWindowsPerCpuSecond { get; init; }

    /// <summary>CPU time of this process per second while the scorer alone ran: compare with <see cref="CpuSecondsPerSecond"/> to see how much of the machine each side got.</summary>
    public required double CeilingCpuSecondsPerSecond { get; init; }

    /// <summary><see cref="WindowsPerCpuSecond"/> over <see cref="CeilingWindowsPerCpuSecond"/>: the share of CPU the worker spends scoring, load-independent.</summary>
    public double CpuRatio => Math.Round(WindowsPerCpuSecond / CeilingWindowsPerCpuSecond, 3);

    /// <summary>CPU seconds the broker child process used while the worker ran (from start of the timed run to the end of the ceiling after it); null with --bootstrap.</summary>
    public double? BrokerCpuSeconds { get; init; }

    /// <summary>/proc/loadavg (1, 5, 15 min) before the run.</summary>
    public required string LoadAverageBefore { get; init; }

    /// <summary>/proc/loadavg after the run.</summary>
    public required string LoadAverageAfter { get; init; }

    /// <summary>Human-readable lines.</summary>
    public string Describe(string bootstrap) => string.Create(CultureInfo.InvariantCulture, $"""
        bench --source kafka: {Topology} ({Model}), {Records} JSON records of {ChunkSamples} samples ({RecordMegabytes:0.0} MB), {Sensors} sensors, {Partitions} partitions, broker {bootstrap}
          worker:  {RecordsPerSecond,10:N0} records/s  {SamplesPerSecond,12:N0} samples/s  {WindowsPerSecond,8:N0} windows/s  ({Seconds:0.000} s, {Windows} windows {Window}, {CpuSecondsPerSecond:0.00} CPU s/s)
          scorer alone, batch {Batch}: {CeilingWindowsPerSecond,8:N0} windows/s (before {CeilingWindowsPerSecondBefore:N0}, after {CeilingWindowsPerSecondAfter:N0}; {CeilingCpuSecondsPerSecond:0.00} CPU s/s)  → worker at {Ratio:0.000} of the ceiling
          per CPU second: worker {WindowsPerCpuSecond:N0} windows, scorer alone {CeilingWindowsPerCpuSecond:N0}  → {CpuRatio:0.000}; broker process {BrokerCpuSeconds:0.00} CPU s
          load average before {LoadAverageBefore}, after {LoadAverageAfter}
        """);
}
