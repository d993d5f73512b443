using Confluent.Kafka;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Replay;

namespace StreamClassifier.Worker.Demo;

/// <summary>
/// The demo's publisher: replays the recording into the source topic on its own thread, counting what
/// it published and keeping the broker error that stopped it, if any.
/// </summary>
internal sealed class DemoReplay : IDisposable
{
    private readonly CancellationTokenSource stop;
    private readonly Thread thread;
    private Exception? error;
    private long published;
    private bool done;

    public DemoReplay(string bootstrap, Recording recording, KafkaSourceSpec source, double speed, DemoStatus status, CancellationToken cancellationToken)
    {
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        thread = new Thread(() =>
        {
            try
            {
                var publisher = new ReplayPublisher(bootstrap);
                Interlocked.Exchange(ref published, publisher.Publish(recording, source.Topic, source.Format, speed, new SynchronousProgress(status.ReportPublished), stop.Token));
            }
            catch (KafkaException exception)
            {
                Volatile.Write(ref error, exception);
            }
            finally
            {
                Volatile.Write(ref done, true);
            }
        })
        { Name = "demo-replay", IsBackground = true };
    }

    /// <summary>The broker error that stopped the replay, or null.</summary>
    public Exception? Error => Volatile.Read(ref error);

    /// <summary>Whether the replay has finished (all published, stopped or failed).</summary>
    public bool Done => Volatile.Read(ref done);

    /// <summary>Records published so far (final once <see cref="Done"/>).</summary>
    public long Published => Interlocked.Read(ref published);

    /// <summary>Whether <see cref="Cancel"/> was called (or the demo was cancelled).</summary>
    public bool Cancelled => stop.IsCancellationRequested;

    /// <summary>Starts publishing.</summary>
    public void Start() => thread.Start();

    /// <summary>Asks the replay to stop publishing.</summary>
    public void Cancel() => stop.Cancel();

    /// <summary>Stops publishing and waits for the thread.</summary>
    public void Stop()
    {
        stop.Cancel();
        if (thread.IsAlive)
        {
            thread.Join();
        }
    }

    /// <inheritdoc />
    public void Dispose() => stop.Dispose();

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and could report out of order).</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
