using StreamClassifier.Pipeline.Batching;

namespace StreamClassifier.Pipeline.Flow;

/// <summary>
/// The thread that scores micro-batches off the input thread. Each turn it takes the pipeline's gate
/// once: hands out the batch it just scored and takes the next (whatever waits, up to
/// <c>max_batch</c>), then scores outside the gate while the input thread goes on decoding, filtering
/// and windowing. An idle thread takes waiting windows at once, so batches grow with the load and a
/// window waits only for the batch ahead of it. A thread that holds the gate and needs a batch's result
/// (draining before completion, eviction or a model swap) waits with <see cref="WaitScored"/>.
/// </summary>
internal sealed class ScoringThread
{
    private readonly object signal = new();
    private readonly Func<ScoringBatch?, ScoringBatch?> turn;
    private readonly Action<ScoringBatch, Exception> failed;
    private readonly Thread thread;
    private bool wake;
    private bool stopping;

    /// <summary>Creates the thread (not started).</summary>
    /// <param name="turn">Under the gate: hands out the scored batch given (if still in flight) and returns the next batch to score, or null when none waits.</param>
    /// <param name="failed">Scoring a batch failed (called outside the gate).</param>
    /// <param name="name">The thread's name.</param>
    public ScoringThread(Func<ScoringBatch?, ScoringBatch?> turn, Action<ScoringBatch, Exception> failed, string name)
    {
        this.turn = turn;
        this.failed = failed;
        thread = new Thread(Loop) { Name = name, IsBackground = true };
    }

    public bool IsCurrentThread => Thread.CurrentThread == thread;

    public void Start() => thread.Start();

    /// <summary>Windows are waiting: take them as soon as the thread is free.</summary>
    public void Wake()
    {
        lock (signal)
        {
            if (!wake)
            {
                wake = true;
                Monitor.Pulse(signal);
            }
        }
    }

    /// <summary>Waits until <paramref name="batch"/> (taken by this thread) is scored or failed. Safe under the gate: scoring never takes it.</summary>
    public void WaitScored(ScoringBatch batch)
    {
        lock (signal)
        {
            while (!batch.Scored)
            {
                Monitor.Wait(signal);
            }
        }
    }

    /// <summary>Asks the thread to stop after the batch it is scoring; does not wait.</summary>
    public void RequestStop()
    {
        lock (signal)
        {
            stopping = true;
            Monitor.PulseAll(signal);
        }
    }

    /// <summary>Waits (bounded) for the thread to end; never from the thread itself.</summary>
    public void Join(TimeSpan bound)
    {
        if (!IsCurrentThread && thread.IsAlive)
        {
            thread.Join(bound);
        }
    }

    private void Loop()
    {
        ScoringBatch? scored = null;
        while (true)
        {
            lock (signal)
            {
                while (!wake && !stopping && scored is null)
                {
                    Monitor.Wait(signal);
                }

                if (stopping)
                {
                    return;
                }

                wake = false;
            }

            var batch = turn(scored);
            scored = null;
            if (batch is null)
            {
                continue;
            }

            Exception? failure = null;
            try
            {
                batch.Score();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failure = ex;
            }

            lock (signal)
            {
                batch.MarkScored(failure);
                Monitor.PulseAll(signal);
            }

            if (failure is not null)
            {
                failed(batch, failure);
                return;
            }

            scored = batch;
        }
    }
}
