using System.Text.Json.Serialization;

namespace StreamClassifier.Worker.Soak;

/// <summary>One sample of the worker under test, taken every few seconds.</summary>
internal sealed record SoakSample
{
    /// <summary>Seconds since the run started.</summary>
    public required double Seconds { get; init; }

    /// <summary>The load phase the sample was taken in.</summary>
    public required SoakPhase Phase { get; init; }

    /// <summary>Records per second the producer was asked for.</summary>
    public required double TargetRate { get; init; }

    /// <summary>Resident set size of the worker process, MiB.</summary>
    [JsonPropertyName("rss_mib")]
    public double? RssMiB { get; init; }

    /// <summary>Managed heap after the last garbage collection, MiB (all generations).</summary>
    [JsonPropertyName("managed_heap_mib")]
    public double? ManagedHeapMiB { get; init; }

    /// <summary>Threads of the worker process, native ones included.</summary>
    public int? Threads { get; init; }

    /// <summary>Open file descriptors of the worker process.</summary>
    public int? OpenFiles { get; init; }

    /// <summary>Records of the owned partitions not yet committed by the group (the worker's gauge, refreshed every 5 s).</summary>
    public double? LagRecords { get; init; }

    /// <summary>How far behind the committed position is, seconds (the worker's estimate), if exported.</summary>
    public double? LagSeconds { get; init; }

    /// <summary>Records fed to the pipeline and not completed.</summary>
    public double? InFlight { get; init; }

    /// <summary>Records the broker acknowledged to the producer so far.</summary>
    public required long Produced { get; init; }

    /// <summary>Records the pipeline received so far.</summary>
    public double? Processed { get; init; }

    /// <summary>Alert latency (receipt of the record to the alert's acknowledgement) since the previous sample: median, ms.</summary>
    public double? AlertLatencyP50Ms { get; init; }

    /// <summary>The same, 99th percentile, ms.</summary>
    public double? AlertLatencyP99Ms { get; init; }

    /// <summary>Alerts acknowledged since the previous sample.</summary>
    public double AlertsInInterval { get; init; }

    /// <summary><c>/readyz</c> status code (null: no answer).</summary>
    public int? ReadyStatus { get; init; }

    /// <summary>The first reason <c>/readyz</c> gave for not being ready.</summary>
    public string? NotReadyReason { get; init; }
}

/// <summary>The soak's load phases.</summary>
internal enum SoakPhase
{
    /// <summary>A backlog published at full speed to measure capacity (also warms the worker up).</summary>
    Calibration,

    /// <summary>The steady load (a fraction of capacity).</summary>
    Steady,

    /// <summary>Load above capacity (the overload profile).</summary>
    Overload,

    /// <summary>The steady load again after the overload.</summary>
    Recovery,

    /// <summary>Publishing stopped; the worker finishes what was published.</summary>
    Drain,
}
