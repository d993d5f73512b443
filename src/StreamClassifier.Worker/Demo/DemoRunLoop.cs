using StreamClassifier.Kafka.Worker;

namespace StreamClassifier.Worker.Demo;

/// <summary>
/// Decides, between redraws of the demo view, whether the cluster run goes on: it ends when the worker
/// or the replay fails, on cancellation, or once everything published was processed (or the drain
/// waited <see cref="DemoOptions.WaitLimit"/>); <see cref="DemoOptions.Duration"/> stops the replay.
/// </summary>
internal sealed class DemoRunLoop(DemoOptions options, DemoStatus status, DemoMonitor monitor, KafkaWorkerRun run, DemoReplay replay, TimeSpan refresh, CancellationToken cancellationToken)
{
    private DateTime? drainDeadline;

    /// <summary>Why the run ended (<see cref="DemoStop.Completed"/> unless something else stopped it).</summary>
    public DemoStop Stop { get; private set; } = DemoStop.Completed;

    /// <summary>Waits one refresh and says whether the run goes on.</summary>
    public bool Step()
    {
        cancellationToken.WaitHandle.WaitOne(refresh);
        if (run.HasStopped || replay.Error is not null)
        {
            Stop = DemoStop.Failed;
            return false;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            Stop = DemoStop.Cancelled;
            return false;
        }

        if (options.Duration is { } duration && status.ReplayElapsed >= duration && !replay.Cancelled)
        {
            Stop = DemoStop.DurationElapsed;
            status.Phase = "--duration elapsed, processing what was published";
            replay.Cancel();
        }

        return !replay.Done || !Drained();
    }

    // True once everything published was processed, or the drain gave up waiting for it.
    private bool Drained()
    {
        var worker = run.Worker;
        var everythingProcessed = worker.Counters.Consumed >= replay.Published && worker.InFlight == 0
            && worker.Counters.AlertsAcknowledged >= worker.Counters.AlertsSent;
        if (everythingProcessed)
        {
            return true;
        }

        drainDeadline ??= DateTime.UtcNow + options.WaitLimit;
        if (DateTime.UtcNow > drainDeadline)
        {
            monitor.OnLog($"demo: stopping with work outstanding after {options.WaitLimit.TotalSeconds:0} s (consumed {worker.Counters.Consumed} of {replay.Published}, in flight {worker.InFlight}).");
            return true;
        }

        return false;
    }
}
