using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Checkpoints;

namespace StreamClassifier.Kafka.Checkpoints;

/// <summary>What the checkpoint topic holds for one source partition.</summary>
/// <param name="Partition">Source partition.</param>
/// <param name="NextOffset">The next source offset to read, if a checkpoint was ever written.</param>
/// <param name="Sensors">The latest state of each live sensor of the partition.</param>
public sealed record PartitionCheckpoint(int Partition, long? NextOffset, IReadOnlyDictionary<string, SensorStateSnapshot> Sensors)
{
    /// <summary>
    /// Exactly-once mode: alerts topic partition → the offset from which alerts of this source
    /// partition not covered by the checkpoint can lie; null when none was written.
    /// </summary>
    public IReadOnlyDictionary<int, long>? AlertWatermark { get; init; }

    /// <summary>Exactly-once mode: the same for the dead-letter topic; null when none was written.</summary>
    public IReadOnlyDictionary<int, long>? DeadLetterWatermark { get; init; }
}
