using System.Runtime.InteropServices;

namespace StreamClassifier.Onnx.Streaming;

/// <summary>
/// What a scored window leaves for the window one hop later: its feature columns, every layer's carried
/// columns, and the samples the next window must start with (this window's last L − hop per channel).
/// </summary>
internal sealed class Continuation(int overlapValues, int featureValues, int stateValues)
{
    /// <summary>The next window's expected first L − hop samples per channel, channel-major.</summary>
    public float[] Overlap { get; } = new float[overlapValues];

    /// <summary>This window's feature columns [F, T].</summary>
    public float[] Features { get; } = new float[featureValues];

    /// <summary>Every layer's carried columns, one block after another.</summary>
    public float[] States { get; } = new float[stateValues];

    /// <summary>Hash of <see cref="Overlap"/>.</summary>
    public ulong Key { get; set; }

    /// <summary>When it was stored (a counter), to evict the oldest first.</summary>
    public long Stamp { get; set; }
}

/// <summary>
/// The streaming scorer's memory, keyed by window <em>content</em> rather than by sensor: a window
/// continues a stored one when its first L − hop samples equal, bit for bit, the stored window's last
/// L − hop. The state it finds is then exactly what the whole-window trunk would compute for the shared
/// samples, whichever sensor sent them; a window with no match (a new sensor, a gap, a restart, a
/// different normalisation) is primed from its own samples. Holds at most <c>capacity</c> entries,
/// evicting the oldest. Not thread-safe.
/// </summary>
internal sealed class ContinuationCache
{
    private readonly int channels;
    private readonly int windowLength;
    private readonly int hop;
    private readonly int featureValues;
    private readonly int stateValues;
    private readonly int capacity;
    private readonly Dictionary<ulong, Continuation> stored = [];
    private readonly Queue<(Continuation Entry, long Stamp)> age = new();
    private readonly Stack<Continuation> free = new();
    private int created;
    private long clock;

    public ContinuationCache(int channels, int windowLength, int hop, int featureValues, int stateValues, int capacity)
    {
        this.channels = channels;
        this.windowLength = windowLength;
        this.hop = hop;
        this.featureValues = featureValues;
        this.stateValues = stateValues;
        this.capacity = capacity;
    }

    private int OverlapLength => windowLength - hop;

    /// <summary>Windows stored and not yet continued.</summary>
    public int Count => stored.Count;

    /// <summary>Removes and returns the entry <paramref name="window"/> continues, or null.</summary>
    public Continuation? Take(ReadOnlySpan<float> window)
    {
        var key = Hash(window, 0);
        if (!stored.TryGetValue(key, out var entry) || !StartsWith(window, entry.Overlap))
        {
            return null;
        }

        stored.Remove(key);
        return entry;
    }

    /// <summary>An entry to fill for a window that continues nothing (reused, new, or the oldest stored one evicted).</summary>
    public Continuation Rent()
    {
        if (free.TryPop(out var entry))
        {
            return entry;
        }

        if (created < capacity)
        {
            created++;
            return new Continuation(channels * OverlapLength, featureValues, stateValues);
        }

        while (age.TryDequeue(out var oldest))
        {
            if (IsLive(oldest))
            {
                stored.Remove(oldest.Entry.Key);
                return oldest.Entry;
            }
        }

        throw new InvalidOperationException("Every continuation is in use; the cache holds fewer entries than one batch.");
    }

    /// <summary>Stores <paramref name="entry"/> (features and states filled) as the continuation of <paramref name="window"/>.</summary>
    public void Store(Continuation entry, ReadOnlySpan<float> window)
    {
        for (var channel = 0; channel < channels; channel++)
        {
            window.Slice((channel * windowLength) + hop, OverlapLength).CopyTo(entry.Overlap.AsSpan(channel * OverlapLength));
        }

        entry.Key = Hash(window, hop);
        entry.Stamp = ++clock;
        if (stored.Remove(entry.Key, out var displaced))
        {
            free.Push(displaced);
        }

        stored[entry.Key] = entry;
        age.Enqueue((entry, entry.Stamp));
        if (age.Count > 4 * capacity)
        {
            Compact();
        }
    }

    /// <summary>Forgets everything (entries are kept for reuse).</summary>
    public void Clear()
    {
        foreach (var entry in stored.Values)
        {
            free.Push(entry);
        }

        stored.Clear();
        age.Clear();
    }

    // Continued entries leave stale age records behind; drop them so the queue stays bounded.
    private void Compact()
    {
        var live = age.Where(IsLive).ToList();
        age.Clear();
        foreach (var item in live)
        {
            age.Enqueue(item);
        }
    }

    private bool IsLive((Continuation Entry, long Stamp) item) =>
        item.Entry.Stamp == item.Stamp && stored.TryGetValue(item.Entry.Key, out var current) && ReferenceEquals(current, item.Entry);

    private bool StartsWith(ReadOnlySpan<float> window, float[] overlap)
    {
        for (var channel = 0; channel < channels; channel++)
        {
            var expected = MemoryMarshal.Cast<float, uint>(overlap.AsSpan(channel * OverlapLength, OverlapLength));
            var actual = MemoryMarshal.Cast<float, uint>(window.Slice(channel * windowLength, OverlapLength));
            if (!actual.SequenceEqual(expected))
            {
                return false;
            }
        }

        return true;
    }

    // FNV-1a over the bits of L − hop samples per channel starting at column `first`; equality is checked on lookup.
    private ulong Hash(ReadOnlySpan<float> window, int first)
    {
        var hash = 14695981039346656037UL;
        for (var channel = 0; channel < channels; channel++)
        {
            foreach (var bits in MemoryMarshal.Cast<float, uint>(window.Slice((channel * windowLength) + first, OverlapLength)))
            {
                hash = (hash ^ bits) * 1099511628211UL;
            }
        }

        return hash;
    }
}
