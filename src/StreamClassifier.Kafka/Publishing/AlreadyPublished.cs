namespace StreamClassifier.Kafka.Publishing;

/// <summary>
/// Exactly-once: outputs of owned source partitions that the read-back after an assignment found
/// already visible past their partition's checkpoint (docs/kafka.md, "Exactly-once on the mock
/// broker"). The restored pipeline produces them again; each is then withheld once instead of being
/// published a second time. Entries expire when they can no longer come back; while a partition has
/// entries, its checkpoints keep the watermark they were read from, so a crash before they are all
/// matched reads them back again. On a real broker the read-back finds nothing and this stays empty.
/// One ledger type for alerts and dead letters (<see cref="AlreadyPublishedAlerts"/>,
/// <see cref="AlreadyPublishedDeadLetters"/>). Thread-safe.
/// </summary>
/// <typeparam name="TEntry">What identifies one output.</typeparam>
internal sealed class AlreadyPublished<TEntry>
    where TEntry : notnull
{
    private readonly object gate = new();
    private readonly Dictionary<int, (IReadOnlyDictionary<int, long> Watermark, HashSet<TEntry> Entries)> partitions = [];
    private volatile int partitionsWithEntries;

    /// <summary>Outputs still expected to come back.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return partitions.Values.Sum(p => p.Entries.Count);
            }
        }
    }

    /// <summary>Records what the read-back of <paramref name="partition"/> (from <paramref name="watermark"/>) found.</summary>
    public void Add(int partition, IReadOnlyDictionary<int, long> watermark, IEnumerable<TEntry> entries)
    {
        lock (gate)
        {
            partitions[partition] = (watermark, [.. entries]);
            Recount();
        }
    }

    /// <summary>
    /// True (once) if <paramref name="entry"/> of <paramref name="partition"/> is already published: do
    /// not publish it again. Entries <paramref name="expiredBy"/> accepts are dropped first.
    /// </summary>
    public bool TryWithhold(int partition, TEntry entry, Func<TEntry, bool>? expiredBy = null)
    {
        if (partitionsWithEntries == 0)
        {
            return false; // the common case, without a lock
        }

        lock (gate)
        {
            if (!partitions.TryGetValue(partition, out var found))
            {
                return false;
            }

            if (expiredBy is not null)
            {
                found.Entries.RemoveWhere(e => expiredBy(e));
            }

            var withheld = found.Entries.Remove(entry);
            Recount();
            return withheld;
        }
    }

    /// <summary>Drops the entries of <paramref name="partition"/> that <paramref name="expired"/> accepts: they will not come back.</summary>
    public void Expire(int partition, Func<TEntry, bool> expired)
    {
        if (partitionsWithEntries == 0)
        {
            return;
        }

        lock (gate)
        {
            if (partitions.TryGetValue(partition, out var found))
            {
                found.Entries.RemoveWhere(e => expired(e));
                Recount();
            }
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
            if (partitions.TryGetValue(partition, out var found))
            {
                if (found.Entries.Count > 0)
                {
                    return found.Watermark;
                }

                partitions.Remove(partition);
                Recount();
            }

            return current;
        }
    }

    private void Recount() => partitionsWithEntries = partitions.Values.Count(p => p.Entries.Count > 0);
}
