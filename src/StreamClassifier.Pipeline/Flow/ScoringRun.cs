using System.Reactive.Concurrency;

using StreamClassifier.Core.Records;
using StreamClassifier.Pipeline.Batching;
using StreamClassifier.Pipeline.Completion;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Pipeline.Sensors;

namespace StreamClassifier.Pipeline.Flow;

/// <summary>
/// The scoring flow: windows go to their model's micro-batch, which is scored when it holds
/// <c>max_batch</c> windows or its oldest window has waited <c>max_delay_ms</c>; each score feeds the
/// sensor's alert policy; a chunk completes once all its windows are scored, in input order.
/// </summary>
internal sealed class ScoringRun : PipelineRun
{
    private readonly IObserver<PipelineEvent> observer;
    private readonly ChunkCompletionTracker completions = new();
    private readonly Action<SampleChunk> emitCompletion;
    private ChunkTicket? reading;
    private bool flushing;

    public ScoringRun(ClassificationPipeline pipeline, IObserver<PipelineEvent> observer)
        : base(pipeline)
    {
        this.observer = observer;
        emitCompletion = chunk => observer.OnNext(new ChunkCompleted(chunk));
    }

    /// <summary>True while a batch's results are being handed out (checkpoints then skip the windows already handed out).</summary>
    public bool IsFlushing => flushing;

    public override void Dropped(SampleDrop drop) => observer.OnNext(new SamplesDropped(drop));

    public override void WindowCompleted(SensorState sensor, SensorWindow window)
    {
        var batcher = sensor.Stream.Batcher ?? throw new InvalidOperationException($"Stream '{sensor.Stream.Name}' has no scorer.");
        batcher.Add(new PendingWindow(window, sensor, reading));
        sensor.PendingWindows++;
        if (reading is not null)
        {
            reading.Outstanding++;
        }

        // No flush here: the chunk is only half applied to the sensor. Full batches go after the chunk.
        batcher.Deadline ??= Scheduler.Schedule(Pipeline.MaxDelay, () => OnDeadline(batcher));
    }

    public override void Filtered(FilteredChunk chunk) =>
        throw new InvalidOperationException("The scoring flow does not hand out filtered samples.");

    public override void WindowsRestored()
    {
        foreach (var batcher in Pipeline.Batchers)
        {
            if (batcher.Count > 0)
            {
                batcher.Deadline ??= Scheduler.Schedule(Pipeline.MaxDelay, () => OnDeadline(batcher));
            }
        }

        FlushFullBatches();
    }

    protected override void Read(SampleChunk chunk)
    {
        var ticket = completions.Begin(chunk);
        reading = ticket;
        try
        {
            ReadChunk(chunk, windowing: true);
        }
        finally
        {
            reading = null;
        }

        ticket.Outstanding--;
        FlushFullBatches();
        completions.DrainCompleted(emitCompletion);
    }

    protected override void OnStarted()
    {
        // Windows restored from checkpoints before the run started wait for the usual deadline.
        WindowsRestored();
    }

    protected override void BeforeCompletion()
    {
        FlushAll();
        completions.DrainCompleted(emitCompletion);
    }

    protected override void BeforeEviction(SensorState sensor)
    {
        if (sensor.PendingWindows > 0)
        {
            FlushAll();
            completions.DrainCompleted(emitCompletion);
        }
    }

    protected override void Evicted(SensorState sensor) => observer.OnNext(new SensorEvicted(sensor.SensorId, sensor.LastSource));

    protected override void OnStopping()
    {
        foreach (var batcher in Pipeline.Batchers)
        {
            batcher.Deadline?.Dispose();
            batcher.Deadline = null;
        }
    }

    protected override void SignalError(Exception error) => observer.OnError(error);

    protected override void SignalCompleted() => observer.OnCompleted();

    private void OnDeadline(MicroBatcher batcher)
    {
        lock (Pipeline.Gate)
        {
            if (Stopped)
            {
                return;
            }

            batcher.Deadline = null;
            try
            {
                Flush(batcher);
                completions.DrainCompleted(emitCompletion);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Fail(ex);
            }
        }
    }

    private void FlushAll()
    {
        foreach (var batcher in Pipeline.Batchers)
        {
            Flush(batcher);
        }
    }

    /// <summary>Scores whole batches; a remainder keeps waiting for the deadline of its oldest window.</summary>
    private void FlushFullBatches()
    {
        foreach (var batcher in Pipeline.Batchers)
        {
            if (batcher.IsFull)
            {
                Flush(batcher, batcher.FullBatchWindows);
                if (batcher.Count > 0)
                {
                    // The remainder came with the chunk just read, so its deadline runs from now.
                    batcher.Deadline = Scheduler.Schedule(Pipeline.MaxDelay, () => OnDeadline(batcher));
                }
            }
        }
    }

    private void Flush(MicroBatcher batcher) => Flush(batcher, batcher.Count);

    private void Flush(MicroBatcher batcher, int count)
    {
        batcher.Deadline?.Dispose();
        batcher.Deadline = null;
        if (count == 0 || flushing)
        {
            return;
        }

        batcher.Score(count);
        for (var first = 0; first < count; first += batcher.MaxBatch)
        {
            Counters.AddBatch(Math.Min(batcher.MaxBatch, count - first));
        }

        var scorer = batcher.Scorer;
        flushing = true;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var pending = batcher.Pending[i];
                var score = batcher.Scores[i];
                var window = pending.Window;
                var sensor = pending.Sensor;
                // A window and its alert are one unit for checkpoints: inside the WindowScored handler the
                // window still counts as pending (and the policy has not seen it); after it, it does not.
                observer.OnNext(new WindowScored(new WindowScore(window, score, scorer.ModelName, scorer.ModelVersion), sensor.LastSource));
                var transition = sensor.Alert!.Observe(score, window.EndMs);
                batcher.Emitted = i + 1;
                sensor.PendingWindows--;
                if (transition is { } state)
                {
                    Counters.AddAlert(state);
                    observer.OnNext(new AlertEmitted(Pipeline.MakeAlert(window, score, state, sensor.Alert.Settings.Threshold, scorer), sensor.LastSource));
                }

                if (pending.Ticket is { } ticket)
                {
                    ticket.Outstanding--;
                }
            }
        }
        finally
        {
            flushing = false;
            batcher.RemoveFirst(count);
        }
    }
}
