using System.Reactive.Concurrency;

using StreamClassifier.Core.Records;
using StreamClassifier.Pipeline.Alerts;
using StreamClassifier.Pipeline.Batching;
using StreamClassifier.Pipeline.Completion;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Pipeline.Sensors;

namespace StreamClassifier.Pipeline.Flow;

/// <summary>
/// The scoring flow: windows go to their model's micro-batch; each score feeds the sensor's alert
/// policy; a chunk completes once all its windows are scored, in input order. Inline (the default), a
/// batch is scored on the thread that filled it when it holds <c>max_batch</c> windows or its oldest
/// window has waited <c>max_delay_ms</c>. With a <see cref="ScoringThread"/>, the input thread only
/// windows and the scoring thread takes what waits whenever it is free (see <see cref="ScoringMode"/>).
/// </summary>
internal sealed class ScoringRun : PipelineRun
{
    private static readonly TimeSpan ScoringThreadJoinBound = TimeSpan.FromMinutes(1);
    private readonly IObserver<PipelineEvent> observer;
    private readonly ChunkCompletionTracker completions = new();
    private readonly Action<SampleChunk> emitCompletion;
    private readonly ScoringThread? scoringThread;
    private ChunkTicket? reading;
    private bool flushing;
    private int nextBatcher;

    public ScoringRun(ClassificationPipeline pipeline, IObserver<PipelineEvent> observer, ScoringMode mode)
        : base(pipeline)
    {
        this.observer = observer;
        emitCompletion = chunk => observer.OnNext(new ChunkCompleted(chunk));
        if (mode.OffInputThread)
        {
            scoringThread = new ScoringThread(Turn, OnScoringFailed, mode.ThreadName);
        }
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
        if (scoringThread is null)
        {
            batcher.Deadline ??= Scheduler.Schedule(Pipeline.MaxDelay, () => OnDeadline(batcher));
        }
    }

    public override void Filtered(FilteredChunk chunk) =>
        throw new InvalidOperationException("The scoring flow does not hand out filtered samples.");

    public override void WindowsRestored()
    {
        if (scoringThread is not null)
        {
            scoringThread.Wake();
            return;
        }

        foreach (var batcher in Pipeline.Batchers)
        {
            if (batcher.Count > 0)
            {
                batcher.Deadline ??= Scheduler.Schedule(Pipeline.MaxDelay, () => OnDeadline(batcher));
            }
        }

        FlushFullBatches();
    }

    /// <summary>Before a model swap (under the gate): the batch in flight is scored by the model that took it and handed out.</summary>
    public void BeforeScorerSwap() => DrainInFlight();

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
        if (scoringThread is null)
        {
            FlushFullBatches();
        }
        else if (ticket.Outstanding > 0)
        {
            scoringThread.Wake();
        }

        completions.DrainCompleted(emitCompletion);
    }

    protected override void OnStarted()
    {
        scoringThread?.Start();

        // Windows restored from checkpoints before the run started wait for the usual deadline (inline) or the scoring thread.
        WindowsRestored();
    }

    protected override void BeforeCompletion() => FlushAll();

    protected override void BeforeEviction(SensorState sensor)
    {
        if (sensor.PendingWindows > 0)
        {
            FlushAll();
        }
    }

    protected override void Evicted(SensorState sensor) => observer.OnNext(new SensorEvicted(sensor.SensorId, sensor.LastSource));

    protected override void OnStopping()
    {
        scoringThread?.RequestStop();
        foreach (var batcher in Pipeline.Batchers)
        {
            batcher.Deadline?.Dispose();
            batcher.Deadline = null;
            if (!flushing)
            {
                batcher.Requeue();
            }
        }
    }

    protected override void OnDisposed()
    {
        // Outside the gate (the scoring thread may be waiting for it): once this returns, no batch uses a scorer any more.
        if (scoringThread is not null && !Monitor.IsEntered(Pipeline.Gate))
        {
            scoringThread.Join(ScoringThreadJoinBound);
        }
    }

    protected override void SignalError(Exception error) => observer.OnError(error);

    protected override void SignalCompleted() => observer.OnCompleted();

    /// <summary>One turn of the scoring thread, under the gate: hand out what it scored, take what waits next.</summary>
    private ScoringBatch? Turn(ScoringBatch? scored)
    {
        lock (Pipeline.Gate)
        {
            if (Stopped)
            {
                return null;
            }

            try
            {
                if (scored is not null && ReferenceEquals(scored.Owner.InFlight, scored))
                {
                    HandOut(scored);
                    completions.DrainCompleted(emitCompletion);
                }

                var batchers = Pipeline.Batchers;
                for (var i = 0; i < batchers.Count; i++)
                {
                    // Round robin, so one model's backlog does not starve another's.
                    var batcher = batchers[(nextBatcher + i) % batchers.Count];
                    if (batcher.Count > 0 && batcher.InFlight is null)
                    {
                        nextBatcher = (nextBatcher + i + 1) % batchers.Count;
                        return Take(batcher, batcher.Count);
                    }
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Fail(ex);
            }

            return null;
        }
    }

    private void OnScoringFailed(ScoringBatch batch, Exception failure)
    {
        lock (Pipeline.Gate)
        {
            // A thread draining the batch may have reported it already.
            if (!Stopped && ReferenceEquals(batch.Owner.InFlight, batch))
            {
                Fail(failure);
            }
        }
    }

    /// <summary>Under the gate: waits for the scoring thread's batch in flight and hands it out here.</summary>
    private void DrainInFlight()
    {
        if (scoringThread is null || scoringThread.IsCurrentThread)
        {
            return;
        }

        foreach (var batcher in Pipeline.Batchers)
        {
            if (batcher.InFlight is { } batch && !flushing)
            {
                scoringThread.WaitScored(batch);
                if (batch.Failure is { } failure)
                {
                    throw failure;
                }

                HandOut(batch);
            }
        }
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
                Flush(batcher, batcher.Count);
                completions.DrainCompleted(emitCompletion);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Fail(ex);
            }
        }
    }

    /// <summary>Scores everything waiting, on this thread (after the scoring thread's batch in flight).</summary>
    private void FlushAll()
    {
        DrainInFlight();
        foreach (var batcher in Pipeline.Batchers)
        {
            Flush(batcher, batcher.Count);
        }

        completions.DrainCompleted(emitCompletion);
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

    /// <summary>Scores the first <paramref name="count"/> waiting windows on this thread, a batch at a time.</summary>
    private void Flush(MicroBatcher batcher, int count)
    {
        batcher.Deadline?.Dispose();
        batcher.Deadline = null;
        if (flushing)
        {
            return;
        }

        while (count > 0)
        {
            var batch = Take(batcher, count);
            count -= batch.Count;
            batch.Score();
            HandOut(batch);
        }
    }

    private ScoringBatch Take(MicroBatcher batcher, int count)
    {
        var batch = batcher.Take(count);
        Counters.AddBatch(batch.Count);
        return batch;
    }

    /// <summary>Hands out a scored batch (under the gate): each window's score, then the alert it causes; then releases it.</summary>
    private void HandOut(ScoringBatch batch)
    {
        var scorer = batch.Scorer;
        var windows = batch.Windows;
        var scores = batch.Scores;
        flushing = true;
        try
        {
            for (var i = batch.Emitted; i < windows.Length; i++)
            {
                var pending = windows[i];
                var score = scores[i];
                var window = pending.Window;
                var sensor = pending.Sensor;
                // A window and its alert are one unit for checkpoints: inside the WindowScored handler the
                // window still counts as pending (and the policy has not seen it); after it, it does not.
                observer.OnNext(new WindowScored(new WindowScore(window, score, scorer.ModelName, scorer.ModelVersion), sensor.LastSource));
                var transition = sensor.Alert!.Observe(score, window.EndMs);
                batch.Emitted = i + 1;
                sensor.PendingWindows--;
                if (transition is { } state)
                {
                    Counters.AddAlert(state);
                    observer.OnNext(new AlertEmitted(AlertRecords.For(Pipeline.Topology.Name, window, score, state, sensor.Alert.Settings.Threshold, scorer, Scheduler.Now), sensor.LastSource));
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
        }

        batch.Owner.Release(batch);
    }
}
