namespace StreamClassifier.Kafka.Checkpoints;

/// <summary>One consistent cut: per partition the resume offset and the state records to write before committing it.</summary>
internal sealed class CheckpointBatch
{
    /// <summary>Source partition → next offset to read (everything before it is complete or inside the checkpoint).</summary>
    public Dictionary<int, long> Offsets { get; } = [];

    /// <summary>(source partition, key, value or null for a tombstone).</summary>
    public List<(int Partition, byte[] Key, byte[]? Value)> Records { get; } = [];

    /// <summary>Every send up to this sequence number must be acknowledged before the checkpoint is written.</summary>
    public long WorkSequence { get; set; }

    /// <summary>The checkpoint records' own last sequence number, once written.</summary>
    public long CheckpointSequence { get; set; } = -1;
}
