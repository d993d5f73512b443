using System.Globalization;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;

using StreamClassifier.Core.Records;
using StreamClassifier.Pipeline.Counters;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Pipeline.Sensors;

namespace StreamClassifier.Pipeline.Flow;

/// <summary>
/// One subscription of a pipeline: reads the input chunks, runs each through its sensor's stage and
/// keeps the idle-eviction timers. Input notifications and timer callbacks all take the pipeline's
/// one gate, so the downstream observer is never called concurrently. Subclasses decide what
/// happens to windows (score them) or filtered samples (hand them out).
/// </summary>
internal abstract class PipelineRun : IObserver<SampleChunk>, ISensorSink, IDisposable
{
    private readonly SingleAssignmentDisposable upstream = new();

    protected PipelineRun(ClassificationPipeline pipeline) => Pipeline = pipeline;

    protected ClassificationPipeline Pipeline { get; }

    protected IScheduler Scheduler => Pipeline.Scheduler;

    protected PipelineCounters Counters => Pipeline.Counters;

    /// <summary>True once the run completed, failed or was disposed: nothing more goes downstream.</summary>
    protected bool Stopped { get; private set; }

    /// <summary>Registers the run as the pipeline's active one and subscribes to the input.</summary>
    public IDisposable Start(IObservable<SampleChunk> chunks)
    {
        lock (Pipeline.Gate)
        {
            if (!Pipeline.TryActivate(this, out var refusal))
            {
                Stopped = true;
                SignalError(refusal);
                return Disposable.Empty;
            }

            foreach (var sensor in Pipeline.Sensors)
            {
                ScheduleEviction(sensor, sensor.Stream.IdleEviction - (Scheduler.Now - sensor.LastActivity));
            }

            OnStarted();
        }

        try
        {
            upstream.Disposable = chunks.Subscribe(this);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            lock (Pipeline.Gate)
            {
                if (!Stopped)
                {
                    Fail(ex);
                }
            }
        }

        return this;
    }

    public void OnNext(SampleChunk value)
    {
        lock (Pipeline.Gate)
        {
            if (Stopped)
            {
                return;
            }

            try
            {
                ArgumentNullException.ThrowIfNull(value);
                Read(value);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Fail(ex);
            }
        }
    }

    public void OnError(Exception error)
    {
        lock (Pipeline.Gate)
        {
            if (Stopped)
            {
                return;
            }

            Stop();
            SignalError(error);
        }
    }

    public void OnCompleted()
    {
        lock (Pipeline.Gate)
        {
            if (Stopped)
            {
                return;
            }

            try
            {
                BeforeCompletion();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Fail(ex);
                return;
            }

            Stop();
            SignalCompleted();
        }
    }

    /// <summary>Unsubscribes: no more notifications, timers cancelled, sensor state kept in the pipeline.</summary>
    public void Dispose()
    {
        lock (Pipeline.Gate)
        {
            if (!Stopped)
            {
                Stop();
            }
        }

        upstream.Dispose();
        OnDisposed();
    }

    /// <summary>Schedules (or re-schedules) the idle check of <paramref name="sensor"/>.</summary>
    public void ScheduleEviction(SensorState sensor, TimeSpan dueIn)
    {
        sensor.EvictionTimer?.Dispose();
        sensor.EvictionTimer = Scheduler.Schedule(dueIn < TimeSpan.Zero ? TimeSpan.Zero : dueIn, () => OnEvictionDue(sensor));
    }

    public abstract void Dropped(SampleDrop drop);

    public abstract void WindowCompleted(SensorState sensor, SensorWindow window);

    public abstract void Filtered(FilteredChunk chunk);

    /// <summary>Windows were added to a batcher by a restore while this run is active.</summary>
    public virtual void WindowsRestored()
    {
    }

    /// <summary>Handles one chunk (under the gate).</summary>
    protected abstract void Read(SampleChunk chunk);

    /// <summary>Called under the gate once the run is active, before the input is subscribed.</summary>
    protected virtual void OnStarted()
    {
    }

    /// <summary>Finishes outstanding work when the input completes (under the gate).</summary>
    protected virtual void BeforeCompletion()
    {
    }

    /// <summary>Finishes outstanding work of a sensor about to be evicted (under the gate).</summary>
    protected virtual void BeforeEviction(SensorState sensor)
    {
    }

    /// <summary>Reports an eviction downstream (under the gate).</summary>
    protected virtual void Evicted(SensorState sensor)
    {
    }

    protected virtual void OnStopping()
    {
    }

    /// <summary>Called by <see cref="Dispose"/> after the run stopped, outside the gate unless the caller holds it.</summary>
    protected virtual void OnDisposed()
    {
    }

    protected abstract void SignalError(Exception error);

    protected abstract void SignalCompleted();

    /// <summary>Runs a chunk through its sensor's stage: unknown sensors and chunks that do not fit their stream are counted drops.</summary>
    protected void ReadChunk(SampleChunk chunk, bool windowing)
    {
        var rows = chunk.Channels > 0 ? chunk.SampleCount : 0;
        Counters.AddRecord(rows);
        var sensor = Pipeline.GetOrCreateSensor(chunk.SensorId, this);
        if (sensor is null)
        {
            DropWhole(chunk, rows, DropReason.UnknownSensor, $"no stream rule of topology '{Pipeline.Topology.Name}' matches sensor '{chunk.SensorId}'");
            return;
        }

        sensor.LastActivity = Scheduler.Now;
        if (sensor.Stream.DescribeMismatch(chunk) is { } mismatch)
        {
            DropWhole(chunk, rows, DropReason.Incompatible, mismatch);
            return;
        }

        sensor.Accept(chunk, windowing, Pipeline.Scratch, this);
    }

    /// <summary>Stops after a failure and reports it downstream.</summary>
    protected void Fail(Exception error)
    {
        Stop();
        SignalError(error);
        upstream.Dispose();
    }

    private void DropWhole(SampleChunk chunk, int rows, DropReason reason, string detail)
    {
        if (rows == 0)
        {
            return;
        }

        Counters.AddDrop(reason, rows);
        Dropped(new SampleDrop(chunk.SensorId, reason, rows, detail, chunk.Source));
    }

    private void OnEvictionDue(SensorState sensor)
    {
        lock (Pipeline.Gate)
        {
            if (Stopped || !Pipeline.IsCurrent(sensor))
            {
                return;
            }

            sensor.EvictionTimer = null;
            var idle = Scheduler.Now - sensor.LastActivity;
            if (idle < sensor.Stream.IdleEviction)
            {
                ScheduleEviction(sensor, sensor.Stream.IdleEviction - idle);
                return;
            }

            try
            {
                BeforeEviction(sensor);
                var why = string.Create(CultureInfo.InvariantCulture, $"sensor evicted after {idle.TotalSeconds:0.###} s without samples (state.idle_eviction_s = {sensor.Stream.Spec.State.IdleEvictionS})");
                if (sensor.DiscardPartialWindow(why, sensor.LastSource) is { } drop)
                {
                    Dropped(drop);
                }

                Pipeline.RemoveSensor(sensor);
                Counters.AddEviction();
                Evicted(sensor);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Fail(ex);
            }
        }
    }

    private void Stop()
    {
        Stopped = true;
        foreach (var sensor in Pipeline.Sensors)
        {
            sensor.EvictionTimer?.Dispose();
            sensor.EvictionTimer = null;
        }

        OnStopping();
        Pipeline.Deactivate(this);
    }
}
