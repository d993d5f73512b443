namespace StreamClassifier.Worker.Soak;

/// <summary>Everything a soak run measured and its verdict.</summary>
internal sealed record SoakResult
{
    /// <summary>What was run.</summary>
    public required SoakOptions Options { get; init; }

    /// <summary>The topology's name.</summary>
    public required string TopologyName { get; init; }

    /// <summary>The model path the topology names.</summary>
    public required string Model { get; init; }

    /// <summary>When the run started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Wall time of the run, seconds.</summary>
    public required double WallSeconds { get; init; }

    /// <summary>Capacity, records per second.</summary>
    public required double CapacityRecordsPerSecond { get; init; }

    /// <summary>Whether the capacity was measured (else given).</summary>
    public required bool CapacityMeasured { get; init; }

    /// <summary>The topology's in-flight bound.</summary>
    public required int MaxInFlightRecords { get; init; }

    /// <summary>The sensors' sample rate.</summary>
    public required double SampleRateHz { get; init; }

    /// <summary>The samples.</summary>
    public required IReadOnlyList<SoakSample> Samples { get; init; }

    /// <summary>Alert latencies per sample interval.</summary>
    public required IReadOnlyList<CumulativeHistogram> Latencies { get; init; }

    /// <summary>Where the records went.</summary>
    public required SoakAccounting Accounting { get; init; }

    /// <summary>The verdict's checks.</summary>
    public required IReadOnlyList<SoakCheck> Checks { get; init; }

    /// <summary>The worker's log file.</summary>
    public required string WorkerLog { get; init; }

    /// <summary>True when every check passed.</summary>
    public bool Passed => Checks.Count > 0 && Checks.All(check => check.Passed);
}
