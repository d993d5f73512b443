using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline;

namespace StreamClassifier.Kafka.Worker;

/// <summary>
/// The one lifecycle of a <see cref="KafkaWorker"/>: created over a pipeline, polling on a thread of
/// its own (<see cref="KafkaWorker.Run"/> blocks for the worker's life, so never a pool thread), stopped
/// by cancellation (drain, checkpoint, commit, leave the group) with a bounded wait, and disposed
/// (the producer flushed, the sinks closed). The host (<c>run</c>), the demo, the Kafka bench and the
/// tests' in-process worker all run workers through it. The pipeline stays the caller's.
/// </summary>
public sealed class KafkaWorkerRun : IDisposable
{
    private readonly CancellationTokenSource stop;
    private readonly Thread thread;
    private readonly TaskCompletionSource<KafkaWorkerStopReport> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool disposed;

    private KafkaWorkerRun(KafkaWorker worker, CancellationToken cancellationToken, string threadName)
    {
        Worker = worker;
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        thread = new Thread(() =>
        {
            try
            {
                completion.TrySetResult(Worker.Run(stop.Token));
            }
            catch (Exception exception)
            {
                // Anything Run does not report (a bug) still ends the run visibly instead of killing the process.
                completion.TrySetException(exception);
            }
        })
        { Name = threadName, IsBackground = true };
    }

    /// <summary>The worker (counters, in-flight records, assignment).</summary>
    public KafkaWorker Worker { get; }

    /// <summary>Completes with the stop report when the worker stops (cancelled, or a fatal error).</summary>
    public Task<KafkaWorkerStopReport> Completion => completion.Task;

    /// <summary>True once the worker stopped.</summary>
    public bool HasStopped => completion.Task.IsCompleted;

    /// <summary>Creates the worker over <paramref name="pipeline"/> and starts polling on a new thread.</summary>
    /// <param name="topology">The topology (source, sinks, delivery mode).</param>
    /// <param name="pipeline">The pipeline to feed (not owned).</param>
    /// <param name="options">Bootstrap, sinks, hooks and the logger.</param>
    /// <param name="cancellationToken">Stops the worker gracefully, like <see cref="Stop"/>.</param>
    /// <param name="threadName">The poll thread's name.</param>
    public static KafkaWorkerRun Start(TopologyDefinition topology, ClassificationPipeline pipeline, KafkaWorkerOptions options, CancellationToken cancellationToken = default, string threadName = "kafka-poll")
    {
        var run = new KafkaWorkerRun(new KafkaWorker(topology, pipeline, options), cancellationToken, threadName);
        run.thread.Start();
        return run;
    }

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds, the worker stops or <paramref name="bound"/>
    /// passes; returns whether it holds.
    /// </summary>
    public bool WaitUntil(Func<KafkaWorker, bool> condition, TimeSpan bound, int pollMilliseconds = 20)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + bound;
        while (!condition(Worker) && !HasStopped && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(pollMilliseconds); // sampling the counters for a bounded wait; the deadline is the bound
        }

        return condition(Worker);
    }

    /// <summary>Asks the worker to stop gracefully and waits for it (bounded); null when it did not stop in time.</summary>
    public KafkaWorkerStopReport? Stop(TimeSpan bound)
    {
        stop.Cancel();
        return Wait(bound);
    }

    /// <summary>Waits (bounded) for the worker to stop on its own or by cancellation; null when it did not stop in time.</summary>
    public KafkaWorkerStopReport? Wait(TimeSpan bound) =>
        thread.Join(bound) && completion.Task.IsCompletedSuccessfully ? completion.Task.Result : null;

    /// <summary>Stops the worker if still running (bounded by a minute), then disposes it: flushes the producer, closes the sinks.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        stop.Cancel();
        thread.Join(TimeSpan.FromMinutes(1));
        Worker.Dispose();
        stop.Dispose();
    }
}
