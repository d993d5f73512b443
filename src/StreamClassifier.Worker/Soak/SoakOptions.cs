namespace StreamClassifier.Worker.Soak;

/// <summary>What <c>streamclassifier soak</c> runs.</summary>
internal sealed record SoakOptions
{
    /// <summary>The topology the worker runs (its model, preprocessing, source topic and group; the bootstrap is replaced).</summary>
    public required string TopologyPath { get; init; }

    /// <summary>Folder of annotated WFDB records the sensors play.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Where the report, samples, plots and the worker's log go.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The load profile.</summary>
    public SoakProfile Profile { get; init; } = SoakProfile.Steady;

    /// <summary>Length of the steady load (the steady profile) or of the baseline before the overload.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>The steady load as a share of the measured capacity.</summary>
    public double Fraction { get; init; } = 0.5;

    /// <summary>Simulated sensors.</summary>
    public int Sensors { get; init; } = 200;

    /// <summary>Samples per record.</summary>
    public int SamplesPerRecord { get; init; } = 90;

    /// <summary>Time between samples of the worker.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Partitions of the source topic.</summary>
    public int Partitions { get; init; } = 16;

    /// <summary>Records of the calibration backlog.</summary>
    public int CalibrationRecords { get; init; } = 30_000;

    /// <summary>Capacity in records per second; null measures it (the calibration backlog).</summary>
    public double? Capacity { get; init; }

    /// <summary>The overload as a multiple of capacity (the overload profile).</summary>
    public double OverloadFactor { get; init; } = 3;

    /// <summary>How long the overload lasts.</summary>
    public TimeSpan OverloadDuration { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The longest the worker may take to catch up after the overload (the recovery phase ends earlier once it has).</summary>
    public TimeSpan RecoveryLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The verdict's bounds.</summary>
    public SoakBounds Bounds { get; init; } = new();
}

/// <summary>The soak's load profiles.</summary>
internal enum SoakProfile
{
    /// <summary>A steady fraction of capacity for the whole duration.</summary>
    Steady,

    /// <summary>A baseline at the steady fraction, then a multiple of capacity, then the baseline again until the worker caught up.</summary>
    Overload,
}
