using System.Globalization;

using StreamClassifier.Core.Records;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Pipeline.Completion;
using StreamClassifier.Pipeline.Sensors;

namespace StreamClassifier.Pipeline.Batching;

/// <summary>A window waiting to be scored, with the sensor whose alert policy it feeds and the chunk it completes.</summary>
internal readonly record struct PendingWindow(SensorWindow Window, SensorState Sensor, ChunkTicket? Ticket);

/// <summary>
/// Collects windows of every sensor scored by one model, in arrival order, and hands them out as
/// <see cref="ScoringBatch"/>es of at most <see cref="MaxBatch"/>: one batch at a time is in flight
/// (being scored or handed out), reused batch after batch. The owner decides when a batch is taken
/// (size, deadline, or an idle scoring thread); this class only queues.
/// </summary>
internal sealed class MicroBatcher
{
    private readonly int windowValues;
    private ScoringBatch? spare;
    private PendingWindow[] pending;

    public MicroBatcher(IWindowScorer scorer, int maxBatch)
    {
        Scorer = scorer;
        MaxBatch = maxBatch;
        windowValues = scorer.Channels * scorer.WindowLength;
        pending = new PendingWindow[maxBatch];
    }

    /// <summary>The model scoring this batcher's windows; replaced only while no batch is in flight (<see cref="ClassificationPipeline.ReplaceScorer"/>).</summary>
    public IWindowScorer Scorer { get; set; }

    public int MaxBatch { get; }

    /// <summary>Windows waiting, not counting the batch in flight.</summary>
    public int Count { get; private set; }

    public bool IsFull => Count >= MaxBatch;

    /// <summary>The batch taken and not yet wholly handed out, if any.</summary>
    public ScoringBatch? InFlight { get; private set; }

    /// <summary>The deadline timer of the current batch, if one is scheduled.</summary>
    public IDisposable? Deadline { get; set; }

    /// <summary>How many windows fill whole batches.</summary>
    public int FullBatchWindows => Count / MaxBatch * MaxBatch;

    public void Add(in PendingWindow window)
    {
        if (window.Window.Values.Length != windowValues)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Window of sensor '{window.Window.SensorId}' has {window.Window.Values.Length} values; model '{Scorer.ModelName}' takes {windowValues}."));
        }

        if (Count == pending.Length)
        {
            // A chunk's windows all join before any flush (so a checkpoint never sees half a chunk), and
            // windows keep joining while a batch is scored: the queue may hold more than one batch.
            Array.Resize(ref pending, pending.Length * 2);
        }

        pending[Count++] = window;
    }

    /// <summary>Takes the first <paramref name="count"/> (at most <see cref="MaxBatch"/>) waiting windows as the batch in flight.</summary>
    public ScoringBatch Take(int count)
    {
        if (InFlight is not null)
        {
            throw new InvalidOperationException("A batch is already in flight; hand it out before taking the next.");
        }

        count = Math.Min(count, MaxBatch);
        var batch = spare ?? new ScoringBatch(this, MaxBatch, windowValues);
        spare = null;
        batch.Fill(pending.AsSpan(0, count), Scorer);
        RemoveFirst(count);
        InFlight = batch;
        return batch;
    }

    /// <summary>The batch in flight was handed out completely: it becomes the spare for the next.</summary>
    public void Release(ScoringBatch batch)
    {
        if (!ReferenceEquals(batch, InFlight))
        {
            throw new InvalidOperationException("Only the batch in flight can be released.");
        }

        InFlight = null;
        batch.Clear();
        spare = batch;
    }

    /// <summary>
    /// A run stopped with a batch in flight: the windows not handed out go back to the front of the
    /// queue, in order, so the pipeline's state stays as a checkpoint describes it (and a later run scores them).
    /// </summary>
    public void Requeue()
    {
        if (InFlight is not { } batch)
        {
            return;
        }

        var back = batch.Windows[batch.Emitted..];
        while (Count + back.Length > pending.Length)
        {
            Array.Resize(ref pending, pending.Length * 2);
        }

        Array.Copy(pending, 0, pending, back.Length, Count);
        back.CopyTo(pending);
        Count += back.Length;

        // Not recycled: a scoring thread may still be writing its scores.
        InFlight = null;
    }

    /// <summary>Appends, in scoring order, the windows of <paramref name="sensor"/> not yet handed out (the batch in flight's, then the queue's).</summary>
    public void CollectUnscored(SensorState sensor, List<SensorWindow> into)
    {
        if (InFlight is { } batch)
        {
            var windows = batch.Windows;
            for (var i = batch.Emitted; i < windows.Length; i++)
            {
                if (ReferenceEquals(windows[i].Sensor, sensor))
                {
                    into.Add(windows[i].Window);
                }
            }
        }

        for (var i = 0; i < Count; i++)
        {
            if (ReferenceEquals(pending[i].Sensor, sensor))
            {
                into.Add(pending[i].Window);
            }
        }
    }

    private void RemoveFirst(int count)
    {
        Array.Copy(pending, count, pending, 0, Count - count);
        Array.Clear(pending, Count - count, count);
        Count -= count;
    }
}
