using Confluent.Kafka;
using StreamClassifier.Core.Records;

namespace StreamClassifier.Kafka.Worker;

/// <summary>
/// What the worker knows about its source partitions: which it owns, the records of each fed to the
/// pipeline and not yet complete (and when each arrived), the next offset to read, the offset last
/// committed, the sensors seen on each and which of them changed since the last checkpoint cut.
/// Written from the poll thread and from pipeline events; one lock guards it, and waiters for a
/// partition's work to drain are woken on every completion.
/// </summary>
internal sealed class PartitionLedger
{
    private readonly object gate = new();
    private readonly Dictionary<int, PartitionProgress> partitions = [];
    private readonly Dictionary<(int Partition, long Offset), RecordArrival> arrivals = [];
    private int inFlight;
    private long changeVersion;

    /// <summary>Records fed to the pipeline and not yet complete, over every owned partition.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>Grows whenever anything a checkpoint covers changed (a record read, a window scored, a sensor evicted).</summary>
    public long ChangeVersion => Interlocked.Read(ref changeVersion);

    /// <summary>Owned partitions, in order.</summary>
    public IReadOnlyList<int> Owned
    {
        get
        {
            lock (gate)
            {
                return [.. partitions.Keys.Order()];
            }
        }
    }

    /// <summary>Something a checkpoint covers changed.</summary>
    public void Changed() => Interlocked.Increment(ref changeVersion);

    /// <summary>A record of <paramref name="partition"/> was read: advances its next offset. False when the partition is not owned (revoked meanwhile).</summary>
    public bool TryRead(int partition, long offset, out PartitionProgress progress)
    {
        lock (gate)
        {
            if (!partitions.TryGetValue(partition, out progress!))
            {
                return false;
            }

            progress.NextOffset = offset + 1;
        }

        Changed();
        return true;
    }

    /// <summary>A decoded record of <paramref name="progress"/>'s partition goes into the pipeline.</summary>
    /// <param name="progress">Its partition.</param>
    /// <param name="offset">Its offset.</param>
    /// <param name="sensorId">Its sensor.</param>
    /// <param name="arrival">When it arrived, when latency is measured.</param>
    public void Started(PartitionProgress progress, long offset, string sensorId, RecordArrival? arrival)
    {
        lock (gate)
        {
            progress.InFlight.Add(offset);
            if (arrival is { } received)
            {
                arrivals[(progress.Partition, offset)] = received;
            }

            inFlight++;
            progress.Sensors.Add(sensorId);
            progress.Dirty.Add(sensorId);
            progress.Evicted.Remove(sensorId);
        }
    }

    /// <summary>
    /// A window of <paramref name="sensorId"/> was scored: its sensor's checkpoint must be rewritten.
    /// Returns the arrival of the record that completed the window (null when not measured or not
    /// received by this process) and whether the sensor's partition is owned.
    /// </summary>
    public (RecordArrival? Arrival, bool Owned) Scored(string sensorId, int? partition, SourcePosition? completedBy)
    {
        (RecordArrival? Arrival, bool Owned) result;
        lock (gate)
        {
            var arrival = completedBy is { } by && arrivals.TryGetValue((by.Partition, by.Offset), out var completing) ? completing : (RecordArrival?)null;
            var owned = false;
            if (partition is int number && partitions.TryGetValue(number, out var progress))
            {
                progress.Dirty.Add(sensorId);
                owned = true;
            }

            result = (arrival, owned);
        }

        Changed();
        return result;
    }

    /// <summary>The pipeline completed the record at <paramref name="position"/>.</summary>
    public void Completed(SourcePosition position)
    {
        lock (gate)
        {
            arrivals.Remove((position.Partition, position.Offset));
            if (partitions.TryGetValue(position.Partition, out var progress) && progress.InFlight.Remove(position.Offset))
            {
                inFlight--;
                Monitor.PulseAll(gate);
            }
        }

        Changed();
    }

    /// <summary>The pipeline evicted <paramref name="sensorId"/>: its checkpoint gets a tombstone. Returns whether its partition is owned.</summary>
    public bool Evicted(string sensorId, int? partition)
    {
        bool owned;
        lock (gate)
        {
            owned = false;
            if (partition is int number && partitions.TryGetValue(number, out var progress))
            {
                owned = true;
                progress.Sensors.Remove(sensorId);
                progress.Dirty.Remove(sensorId);
                progress.Evicted.Add(sensorId);
            }
        }

        Changed();
        return owned;
    }

    /// <summary>Starts owning a partition (restored from its checkpoint).</summary>
    public void Assign(PartitionProgress progress)
    {
        lock (gate)
        {
            partitions[progress.Partition] = progress;
        }

        Changed();
    }

    /// <summary>Stops owning <paramref name="numbers"/> (revoked or lost): their in-flight records no longer count.</summary>
    public void Forget(IEnumerable<int> numbers)
    {
        lock (gate)
        {
            foreach (var number in numbers)
            {
                if (partitions.Remove(number, out var progress))
                {
                    inFlight -= progress.InFlight.Count;
                    foreach (var offset in progress.InFlight)
                    {
                        arrivals.Remove((number, offset));
                    }
                }
            }
        }
    }

    /// <summary>Waits (bounded) until no record of <paramref name="numbers"/> is in flight; false on timeout.</summary>
    public bool WaitForDrain(IReadOnlyCollection<int> numbers, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (gate)
        {
            while (numbers.Any(n => partitions.TryGetValue(n, out var p) && p.InFlight.Count > 0))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }

                Monitor.Wait(gate, left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
            }
        }

        return true;
    }

    /// <summary>
    /// The ledger's half of a consistent cut: per owned partition (all, or <paramref name="only"/>) that
    /// has read anything, the resume offset (the lowest offset still in flight, else one past the last
    /// read), and the sensors changed or evicted since the last cut (which this resets).
    /// </summary>
    public (Dictionary<int, long> Offsets, List<(int Partition, string SensorId, bool Evicted)> Changed) Cut(IReadOnlyCollection<int>? only)
    {
        var offsets = new Dictionary<int, long>();
        var changed = new List<(int Partition, string SensorId, bool Evicted)>();
        lock (gate)
        {
            foreach (var progress in partitions.Values)
            {
                if (only is not null && !only.Contains(progress.Partition))
                {
                    continue;
                }

                var resume = progress.CompleteUpTo;
                if (resume < 0)
                {
                    continue;
                }

                offsets[progress.Partition] = resume;
                changed.AddRange(progress.Dirty.Select(sensorId => (progress.Partition, sensorId, false)));
                changed.AddRange(progress.Evicted.Select(sensorId => (progress.Partition, sensorId, true)));
                progress.Dirty.Clear();
                progress.Evicted.Clear();
            }
        }

        return (offsets, changed);
    }

    /// <summary>The offsets of <paramref name="offsets"/> that belong to owned partitions and lie past their last commit.</summary>
    public List<TopicPartitionOffset> Committable(string topic, IReadOnlyDictionary<int, long> offsets)
    {
        lock (gate)
        {
            return [.. offsets
                .Where(kv => partitions.TryGetValue(kv.Key, out var progress) && kv.Value > progress.CommittedOffset)
                .Select(kv => new TopicPartitionOffset(topic, kv.Key, kv.Value))];
        }
    }

    /// <summary>The offsets were committed.</summary>
    public void MarkCommitted(IEnumerable<TopicPartitionOffset> committed)
    {
        lock (gate)
        {
            foreach (var tpo in committed)
            {
                if (partitions.TryGetValue(tpo.Partition.Value, out var progress))
                {
                    progress.CommittedOffset = tpo.Offset.Value;
                }
            }
        }
    }
}
