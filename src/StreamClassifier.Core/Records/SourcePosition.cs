namespace StreamClassifier.Core.Records;

/// <summary>Where a record came from: a Kafka topic, partition and offset (or a file and line for offline input).</summary>
/// <param name="Topic">Topic name, or the input file path for offline runs.</param>
/// <param name="Partition">Partition number; 0 for offline input.</param>
/// <param name="Offset">Offset within the partition, or the line number for offline input.</param>
public readonly record struct SourcePosition(string Topic, int Partition, long Offset)
{
    /// <inheritdoc />
    public override string ToString() => $"{Topic}[{Partition}]@{Offset}";
}
