using StreamClassifier.Core.Topology;

namespace StreamClassifier.Pipeline;

/// <summary>Settings of a <see cref="ClassificationPipeline"/> beyond what the topology says.</summary>
public sealed record PipelineOptions
{
    /// <summary>Micro-batching to use instead of the topology's <c>batching</c> block (e.g. for benchmarks).</summary>
    public BatchingSpec? Batching { get; init; }

    /// <summary>
    /// Whether a gap longer than a stream's <c>state.gap_tolerance_samples</c> resets that sensor's
    /// filters and window (default). When false, gaps are bridged: the signal is treated as continuous.
    /// </summary>
    public bool ResetOnGap { get; init; } = true;
}
