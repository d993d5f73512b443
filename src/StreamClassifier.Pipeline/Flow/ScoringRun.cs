using System.Reactive.Concurrency;

using StreamClassifier.Core.Records;
using StreamClassifier.Pipeline.Batching;
using StreamClassifier.Pipeline.Completion;
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

        AfterWindowsAdded(batcher);
    }

    public override void Filtered(FilteredChunk chunk) =>
        throw new InvalidOperationException("The scoring flow does not hand out filtered samples.");

    public override void WindowsRestored()
    {
        foreach (var batcher in Pipeline.Batchers)
        {
            if (batcher.Count > 0)
            {
                AfterWindowsAdded(batcher);
            }
        }
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

    protected override void Evicted(SensorState sensor) => observer.OnNext(new SensorEvicted(sensor.SensorId));

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

    private void AfterWindowsAdded(MicroBatcher batcher)
    {
        if (batcher.IsFull)
        {
            Flush(batcher);
            return;
        }

        batcher.Deadline ??= Scheduler.Schedule(Pipeline.MaxDelay, () => OnDeadline(batcher));
    }

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

    private void Flush(MicroBatcher batcher)
    {
        batcher.Deadline?.Dispose();
        batcher.Deadline = null;
        if (batcher.Count == 0 || flushing)
        {
            return;
        }

        batcher.ScoreAll();
        Counters.AddBatch(batcher.Count);
        var scorer = batcher.Scorer;
        var count = batcher.Count;
        flushing = true;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var pending = batcher.Pending[i];
                var score = batcher.Scores[i];
                var window = pending.Window;
                var sensor = pending.Sensor;
                batcher.Emitted = i + 1;
                sensor.PendingWindows--;
                var transition = sensor.Alert!.Observe(score, window.EndMs);
                observer.OnNext(new WindowScored(new WindowScore(window, score, scorer.ModelName, scorer.ModelVersion)));
                if (transition is { } state)
                {
                    Counters.AddAlert(state);
                    observer.OnNext(new AlertEmitted(Pipeline.MakeAlert(window, score, state, sensor.Alert.Settings.Threshold, scorer)));
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
            batcher.Clear();
        }
    }
}
