using System.Collections.Concurrent;
using System.Reactive.Concurrency;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Onnx;
using StreamClassifier.Pipeline;

namespace StreamClassifier.Kafka.Tests.Support;

/// <summary>
/// A <see cref="KafkaWorker"/> over the topology's first stream and its model, running on its own
/// poll thread in this process: the scorer, the pipeline on an event-loop scheduler, the worker and
/// the thread, with bounded waits and a checked stop. Tests keep their own assertions.
/// </summary>
internal sealed class InProcessWorker : IDisposable
{
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(60);

    private readonly OnnxWindowScorer scorer;
    private readonly EventLoopScheduler scheduler = new();
    private readonly ConcurrentQueue<string> log = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Thread thread;
    private bool stopped;

    public InProcessWorker(TopologyDefinition topology, string bootstrapServers)
    {
        scorer = OnnxWindowScorer.LoadForStream(topology, 0);
        Pipeline = new ClassificationPipeline(topology, new Dictionary<string, IWindowScorer> { [topology.Streams[0].Name] = scorer }, scheduler);
        Worker = new KafkaWorker(topology, Pipeline, new KafkaWorkerOptions { BootstrapServers = bootstrapServers, CommitInterval = TimeSpan.FromMilliseconds(200), Log = log.Enqueue });
        thread = new Thread(() =>
        {
            try
            {
                Worker.Run(stop.Token);
            }
            catch (Exception exception)
            {
                Failure = exception;
            }
        });
        thread.Start();
    }

    public KafkaWorker Worker { get; }

    public ClassificationPipeline Pipeline { get; }

    /// <summary>What <see cref="KafkaWorker.Run"/> threw, if it did.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>The worker's log lines so far.</summary>
    public IReadOnlyList<string> Log => [.. log];

    /// <summary>The log as one block, for failure messages.</summary>
    public string LogText => string.Join("\n", log);

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds, the worker fails or <paramref name="bound"/>
    /// passes; returns whether it holds (the caller asserts, with its own message).
    /// </summary>
    public bool WaitUntil(Func<KafkaWorker, bool> condition, TimeSpan bound, int pollMilliseconds = 20)
    {
        var deadline = DateTime.UtcNow + bound;
        while (!condition(Worker) && Failure is null && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(pollMilliseconds); // polling the counters for the bounded wait; the deadline is the bound
        }

        return condition(Worker);
    }

    /// <summary>Cancels the worker and asserts its thread ended within the bound.</summary>
    public void Stop()
    {
        if (stopped)
        {
            return;
        }

        stopped = true;
        stop.Cancel();
        Assert.True(thread.Join(StopBound), $"the worker did not stop within {StopBound.TotalSeconds:0} s of cancellation");
    }

    public void Dispose()
    {
        if (!stopped)
        {
            stopped = true;
            stop.Cancel();
            thread.Join(StopBound);
        }

        Worker.Dispose();
        Pipeline.Dispose();
        scheduler.Dispose();
        scorer.Dispose();
        stop.Dispose();
    }
}
