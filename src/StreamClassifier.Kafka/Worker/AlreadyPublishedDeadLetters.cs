using StreamClassifier.Kafka.DeadLetters;

namespace StreamClassifier.Kafka.Worker;

/// <summary>
/// Exactly-once: source offsets of owned partitions whose dead letter is already visible in the
/// dead-letter topic past their partition's checkpoint, found by the read-back after assignment.
/// The restarted worker reads those records again; each is then not dead-lettered a second time.
/// Source records come back in offset order, so entries below the offset being handled expire.
/// While a partition has entries, its checkpoints keep the watermark they were read from. On a real
/// broker the read-back finds nothing and this stays empty. Thread-safe.
/// </summary>
internal sealed class AlreadyPublishedDeadLetters
{
    private readonly object gate = new();
    private readonly Dictionary<int, (IReadOnlyDictionary<int, long> Watermark, SortedSet<long> Offsets)> partitions = [];
    private volatile int partitionsWithEntries;

    /// <summary>Source offsets still expected to come back.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return partitions.Values.Sum(p => p.Offsets.Count);
            }
        }
    }

    /// <summary>Records what the read-back of <paramref name="partition"/> (from <paramref name="watermark"/>) found at or after <paramref name="resumeOffset"/>.</summary>
    public void Add(int partition, IReadOnlyDictionary<int, long> watermark, long resumeOffset, IEnumerable<PublishedDeadLetter> deadLetters)
    {
        lock (gate)
        {
            partitions[partition] = (watermark, new SortedSet<long>(deadLetters.Where(d => d.SourceOffset >= resumeOffset).Select(d => d.SourceOffset)));
            Recount();
        }
    }

    /// <summary>
    /// The record at <paramref name="offset"/> of <paramref name="partition"/> is being handled: entries
    /// below it will not come back; true (once) if its own dead letter is already published.
    /// </summary>
    public bool TryWithhold(int partition, long offset)
    {
        if (partitionsWithEntries == 0)
        {
            return false; // the common case, without a lock
        }

        lock (gate)
        {
            if (!partitions.TryGetValue(partition, out var entry))
            {
                return false;
            }

            entry.Offsets.RemoveWhere(o => o < offset);
            var withheld = entry.Offsets.Remove(offset);
            Recount();
            return withheld;
        }
    }

    /// <summary>The partition is no longer owned.</summary>
    public void Forget(int partition)
    {
        lock (gate)
        {
            partitions.Remove(partition);
            Recount();
        }
    }

    /// <summary>The watermark to checkpoint for <paramref name="partition"/>: the read-back's while entries remain, else <paramref name="current"/>.</summary>
    public IReadOnlyDictionary<int, long> WatermarkFor(int partition, IReadOnlyDictionary<int, long> current)
    {
        lock (gate)
        {
            if (partitions.TryGetValue(partition, out var entry))
            {
                if (entry.Offsets.Count > 0)
                {
                    return entry.Watermark;
                }

                partitions.Remove(partition);
                Recount();
            }

            return current;
        }
    }

    private void Recount() => partitionsWithEntries = partitions.Values.Count(p => p.Offsets.Count > 0);
}
