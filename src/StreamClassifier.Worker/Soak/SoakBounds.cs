using System.Text.Json.Serialization;

namespace StreamClassifier.Worker.Soak;

/// <summary>
/// The verdict's bounds. Growth is the least-squares slope after warm-up times the span it was fitted
/// over (how much the fitted line rises during the measured run): flat means it rises less than the
/// larger of an absolute allowance and a fraction of the mean.
/// </summary>
internal sealed record SoakBounds
{
    /// <summary>Share of the steady phase left out as warm-up before the trends are fitted.</summary>
    public double WarmUpFraction { get; init; } = 0.2;

    /// <summary>Resident memory may rise by this many MiB ...</summary>
    [JsonPropertyName("rss_growth_mib")]
    public double RssGrowthMiB { get; init; } = 32;

    /// <summary>... or by this share of its mean, whichever is larger.</summary>
    public double RssGrowthShare { get; init; } = 0.10;

    /// <summary>The managed heap after a collection may rise by this many MiB ...</summary>
    [JsonPropertyName("heap_growth_mib")]
    public double HeapGrowthMiB { get; init; } = 16;

    /// <summary>... or by this share of its mean, whichever is larger.</summary>
    public double HeapGrowthShare { get; init; } = 0.10;

    /// <summary>Threads may rise by this many.</summary>
    public double ThreadGrowth { get; init; } = 4;

    /// <summary>Open file descriptors may rise by this many.</summary>
    public double OpenFileGrowth { get; init; } = 8;

    /// <summary>
    /// Under overload, resident memory may exceed the steady phase's peak by this many MiB: librdkafka's
    /// fetch queue (<c>queued.max.messages.kbytes</c>, 64 MiB by default) fills with the backlog, plus the
    /// steady allowance. The pipeline itself holds at most <c>max_in_flight_records</c>.
    /// </summary>
    [JsonPropertyName("overload_rss_allowance_mib")]
    public double OverloadRssAllowanceMiB { get; init; } = 96;

    /// <summary>Lag may never exceed this many seconds of the producer's rate.</summary>
    public double LagSeconds { get; init; } = 10;

    /// <summary>A segment's alert-latency median may differ from the median over the segments' medians by at most this factor, up or down.</summary>
    public double LatencyFactor { get; init; } = 2;

    /// <summary>A segment's alert-latency 99th percentile may differ from the median over the segments' 99th percentiles by at most this factor, up or down.</summary>
    public double LatencyTailFactor { get; init; } = 3;

    /// <summary>Latencies below this many ms count as this (differences below it are scheduling noise).</summary>
    public double LatencyFloorMs { get; init; } = 50;

    /// <summary>Length of one latency segment, seconds (at least two segments are compared).</summary>
    public double LatencySegmentSeconds { get; init; } = 600;
}
