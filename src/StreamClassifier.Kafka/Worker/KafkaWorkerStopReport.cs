namespace StreamClassifier.Kafka.Worker;

/// <summary>
/// How a <see cref="KafkaWorker"/> run ended, for its host to act on (exit code, shutdown log)
/// without reading log text.
/// </summary>
/// <param name="InFlightAtStop">Records in flight when the worker stopped polling (cancellation or a fatal error).</param>
/// <param name="LeftUncommitted">Records still in flight when the drain ended: not committed, processed again by the next owner.</param>
/// <param name="FinalCommitFailure">Why the final checkpoint and commit failed, or null when it succeeded (or was not attempted after a fatal error).</param>
/// <param name="Fatal">Why the worker stopped without committing (alert delivery, the pipeline, or start-up failed), or null.</param>
/// <param name="Counters">The worker's totals at the end.</param>
public sealed record KafkaWorkerStopReport(int InFlightAtStop, int LeftUncommitted, string? FinalCommitFailure, string? Fatal, KafkaWorkerCounters Counters)
{
    /// <summary>Records in flight at the stop that completed and were committed during the drain.</summary>
    public int Drained => Math.Max(0, InFlightAtStop - LeftUncommitted);

    /// <summary>True when the worker stopped on a fatal error (exit code 1).</summary>
    public bool Failed => Fatal is not null;
}
