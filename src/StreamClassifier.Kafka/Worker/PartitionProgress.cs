namespace StreamClassifier.Kafka.Worker;

/// <summary>
/// Work of one owned source partition: offsets fed to the pipeline and not yet complete, the next
/// offset to read, the sensors seen on it, and which of them changed since the last checkpoint.
/// Guarded by the <see cref="PartitionLedger"/>'s lock.
/// </summary>
internal sealed class PartitionProgress(int partition)
{
    public int Partition { get; } = partition;

    public SortedSet<long> InFlight { get; } = [];

    /// <summary>One past the last offset read (or the assigned start).</summary>
    public long NextOffset { get; set; } = -1;

    /// <summary>The offset last checkpointed/committed.</summary>
    public long CommittedOffset { get; set; } = -1;

    public HashSet<string> Sensors { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Dirty { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Evicted { get; } = new(StringComparer.Ordinal);

    /// <summary>Sensor → last offset already contained in its restored checkpoint.</summary>
    public Dictionary<string, long> RestoredThrough { get; } = new(StringComparer.Ordinal);

    /// <summary>The offset up to which (exclusive) everything is complete; -1 when nothing was read yet.</summary>
    public long CompleteUpTo => InFlight.Count > 0 ? InFlight.Min : NextOffset;
}
