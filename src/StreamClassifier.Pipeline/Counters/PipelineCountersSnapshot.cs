using StreamClassifier.Core.Records;
using StreamClassifier.Pipeline.Events;

namespace StreamClassifier.Pipeline.Counters;

/// <summary>A consistent copy of <see cref="PipelineCounters"/>.</summary>
/// <param name="Records">Chunks received.</param>
/// <param name="SamplesIn">Samples received.</param>
/// <param name="SamplesRestored">Buffered samples brought back from checkpoints.</param>
/// <param name="SamplesWindowed">Samples the windowing stage is done with.</param>
/// <param name="SamplesBuffered">Samples waiting in sensors' windows.</param>
/// <param name="SamplesPreprocessed">Samples emitted by preprocess mode.</param>
/// <param name="SamplesDroppedByReason">Dropped samples per reason (every reason present).</param>
/// <param name="Windows">Windows completed.</param>
/// <param name="WindowsScored">Windows scored.</param>
/// <param name="Batches">Scoring batches.</param>
/// <param name="AlertsRaised">Raised events.</param>
/// <param name="AlertsCleared">Cleared events.</param>
/// <param name="GapResets">Resets caused by gaps.</param>
/// <param name="Evictions">Idle evictions.</param>
/// <param name="ActiveSensors">Sensors with state.</param>
public sealed record PipelineCountersSnapshot(
    long Records,
    long SamplesIn,
    long SamplesRestored,
    long SamplesWindowed,
    long SamplesBuffered,
    long SamplesPreprocessed,
    IReadOnlyDictionary<DropReason, long> SamplesDroppedByReason,
    long Windows,
    long WindowsScored,
    long Batches,
    long AlertsRaised,
    long AlertsCleared,
    long GapResets,
    long Evictions,
    long ActiveSensors)
{
    /// <summary>All dropped samples.</summary>
    public long SamplesDropped => SamplesDroppedByReason.Values.Sum();

    /// <summary>True when every sample in is accounted for: windowed, buffered, preprocessed or dropped.</summary>
    public bool Reconciles => SamplesIn + SamplesRestored == SamplesWindowed + SamplesBuffered + SamplesPreprocessed + SamplesDropped;
}
