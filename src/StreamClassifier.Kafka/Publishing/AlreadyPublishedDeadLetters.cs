using StreamClassifier.Kafka.DeadLetters;

namespace StreamClassifier.Kafka.Publishing;

/// <summary>
/// The <see cref="AlreadyPublished{TEntry}"/> ledger for dead letters, by source offset: a record read
/// again whose dead letter the read-back found is not dead-lettered a second time. Source records come
/// back in offset order, so entries below the offset being handled expire.
/// </summary>
internal sealed class AlreadyPublishedDeadLetters
{
    private readonly AlreadyPublished<long> ledger = new();

    /// <summary>Source offsets still expected to come back.</summary>
    public int Count => ledger.Count;

    /// <summary>Records what the read-back of <paramref name="partition"/> (from <paramref name="watermark"/>) found at or after <paramref name="resumeOffset"/>.</summary>
    public void Add(int partition, IReadOnlyDictionary<int, long> watermark, long resumeOffset, IEnumerable<PublishedDeadLetter> deadLetters) =>
        ledger.Add(partition, watermark, deadLetters.Where(d => d.SourceOffset >= resumeOffset).Select(d => d.SourceOffset));

    /// <summary>
    /// The record at <paramref name="offset"/> of <paramref name="partition"/> is being handled: entries
    /// below it will not come back; true (once) if its own dead letter is already published.
    /// </summary>
    public bool TryWithhold(int partition, long offset) => ledger.TryWithhold(partition, offset, entry => entry < offset);

    /// <summary>The partition is no longer owned.</summary>
    public void Forget(int partition) => ledger.Forget(partition);

    /// <summary>The watermark to checkpoint for <paramref name="partition"/>: the read-back's while entries remain, else <paramref name="current"/>.</summary>
    public IReadOnlyDictionary<int, long> WatermarkFor(int partition, IReadOnlyDictionary<int, long> current) => ledger.WatermarkFor(partition, current);
}
