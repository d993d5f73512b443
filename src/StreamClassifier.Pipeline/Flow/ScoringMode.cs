namespace StreamClassifier.Pipeline.Flow;

/// <summary>
/// Where a <see cref="ClassificationPipeline.Process(IObservable{Core.Records.SampleChunk}, ScoringMode)"/>
/// flow scores its micro-batches.
/// </summary>
public sealed record ScoringMode
{
    /// <summary>
    /// On the thread that delivers the input (or the batch deadline's timer): a batch is scored when it
    /// holds <c>batching.max_batch</c> windows or its oldest window has waited <c>batching.max_delay_ms</c>.
    /// Deterministic under a virtual-time scheduler: offline runs and tests.
    /// </summary>
    public static ScoringMode Inline { get; } = new();

    /// <summary>
    /// True: on a scoring thread of the flow's own, so the input thread only decodes, filters and windows.
    /// The scoring thread takes whatever waits (up to <c>batching.max_batch</c>) whenever it is free:
    /// batches grow with the load, and at low load a window waits for nothing but the batch ahead of
    /// it. Events then come from the scoring thread (still one at a time, under the pipeline's gate).
    /// </summary>
    public bool OffInputThread { get; init; }

    /// <summary>The scoring thread's name.</summary>
    public string ThreadName { get; init; } = "scoring";

    /// <summary>A scoring thread named <paramref name="threadName"/>.</summary>
    public static ScoringMode OnScoringThread(string threadName = "scoring") => new() { OffInputThread = true, ThreadName = threadName };
}
