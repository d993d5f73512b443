namespace StreamClassifier.Onnx.Scoring;

/// <summary>
/// Per-caller buffers for a thread-safe scorer: each concurrent call rents a set and returns it, the pool
/// grows only when more callers run at once than ever before. <see cref="Dispose"/> waits for calls in
/// flight: the last one to return releases every set and then runs the owner's release action; rents
/// after it throw <see cref="ObjectDisposedException"/>.
/// </summary>
/// <typeparam name="T">The buffer set.</typeparam>
internal sealed class BufferPool<T> : IDisposable
    where T : class, IDisposable
{
    private readonly Func<T> create;
    private readonly Action release;
    private readonly object owner;
    private readonly Lock gate = new();
    private readonly Stack<T> idle = new();
    private readonly List<T> all = [];
    private int activeCalls;
    private bool disposeRequested;
    private bool released;

    /// <summary>Creates an empty pool; <paramref name="release"/> runs once, after the last set is disposed.</summary>
    public BufferPool(object owner, Func<T> create, Action release)
    {
        this.owner = owner;
        this.create = create;
        this.release = release;
    }

    /// <summary>A set for one call; give it back with <see cref="Return"/>.</summary>
    /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
    public T Rent()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposeRequested, owner);
            activeCalls++;
            if (idle.TryPop(out var buffers))
            {
                return buffers;
            }
        }

        // More concurrent callers than ever before: grow the pool by one set (rare, allocates).
        T created;
        try
        {
            created = create();
        }
        catch
        {
            lock (gate)
            {
                activeCalls--;
            }

            throw;
        }

        lock (gate)
        {
            all.Add(created);
        }

        return created;
    }

    /// <summary>Gives a rented set back.</summary>
    public void Return(T buffers)
    {
        bool releaseNow;
        lock (gate)
        {
            idle.Push(buffers);
            activeCalls--;
            releaseNow = disposeRequested && activeCalls == 0;
        }

        if (releaseNow)
        {
            Release();
        }
    }

    /// <summary>Releases everything now, or when the last call in flight returns.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            disposeRequested = true;
            if (activeCalls > 0)
            {
                return;
            }
        }

        Release();
    }

    private void Release()
    {
        lock (gate)
        {
            if (released)
            {
                return;
            }

            released = true;
        }

        foreach (var buffers in all)
        {
            buffers.Dispose();
        }

        all.Clear();
        idle.Clear();
        release();
    }
}
