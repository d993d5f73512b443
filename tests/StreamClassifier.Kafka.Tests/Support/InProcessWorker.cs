using System.Collections.Concurrent;
using System.Reactive.Concurrency;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Onnx;
using StreamClassifier.Onnx.Scoring;
using StreamClassifier.Pipeline;
using StreamClassifier.Worker.Hosting;

namespace StreamClassifier.Kafka.Tests.Support;

/// <summary>
/// A <see cref="KafkaWorkerRun"/> over the topology's first stream and its model in this process: the
/// scorer, the pipeline on an event-loop scheduler and the run, with bounded waits and a checked stop.
/// Its log keeps the worker's own lines as the plain format prints them (librdkafka's lines are left
/// out: they depend on the broker's timing). Tests keep their own assertions.
/// </summary>
internal sealed class InProcessWorker : IDisposable
{
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(60);

    private readonly OnnxWindowScorer scorer;
    private readonly EventLoopScheduler scheduler = new();
    private readonly ConcurrentQueue<string> log = new();
    private readonly ConcurrentQueue<string> clientLog = new();
    private readonly KafkaWorkerRun run;
    private bool stopped;

    public InProcessWorker(TopologyDefinition topology, string bootstrapServers, string instanceId = "in-process")
    {
        scorer = OnnxWindowScorer.LoadForStream(topology, 0);
        Pipeline = new ClassificationPipeline(topology, new Dictionary<string, IWindowScorer> { [topology.Streams[0].Name] = scorer }, scheduler);
        var logger = new EventSplit(new LineLogger(log.Enqueue), new LineLogger(clientLog.Enqueue, Microsoft.Extensions.Logging.LogLevel.Trace), eventId => eventId < KafkaLogEvents.ClientError);
        run = KafkaWorkerRun.Start(topology, Pipeline, new KafkaWorkerOptions { BootstrapServers = bootstrapServers, CommitInterval = TimeSpan.FromMilliseconds(200), InstanceId = instanceId, Logger = logger });
    }

    public KafkaWorker Worker => run.Worker;

    public ClassificationPipeline Pipeline { get; }

    /// <summary>Why the worker stopped on its own (its fatal error), if it did.</summary>
    public Exception? Failure => run.Completion switch
    {
        { IsFaulted: true } faulted => faulted.Exception.InnerException,
        { IsCompletedSuccessfully: true, Result.Fatal: { } fatal } => new InvalidOperationException(fatal),
        _ => null,
    };

    /// <summary>The stop report, once the worker stopped.</summary>
    public KafkaWorkerStopReport? Report => run.Completion.IsCompletedSuccessfully ? run.Completion.Result : null;

    /// <summary>The worker's log lines so far.</summary>
    public IReadOnlyList<string> Log => [.. log];

    /// <summary>librdkafka's own lines and client errors so far, every level.</summary>
    public IReadOnlyList<string> ClientLog => [.. clientLog];

    /// <summary>The log as one block, for failure messages.</summary>
    public string LogText => string.Join("\n", log);

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds, the worker fails or <paramref name="bound"/>
    /// passes; returns whether it holds (the caller asserts, with its own message).
    /// </summary>
    public bool WaitUntil(Func<KafkaWorker, bool> condition, TimeSpan bound, int pollMilliseconds = 20) => run.WaitUntil(condition, bound, pollMilliseconds);

    /// <summary>Cancels the worker and asserts it ended within the bound.</summary>
    public void Stop()
    {
        if (stopped)
        {
            return;
        }

        stopped = true;
        run.Stop(StopBound);
        Assert.True(run.HasStopped, $"the worker did not stop within {StopBound.TotalSeconds:0} s of cancellation");
    }

    public void Dispose()
    {
        stopped = true;
        run.Dispose();
        Pipeline.Dispose();
        scheduler.Dispose();
        scorer.Dispose();
    }

    /// <summary>Events <paramref name="toFirst"/> accepts go to <paramref name="first"/>, the others to <paramref name="second"/>.</summary>
    private sealed class EventSplit(Microsoft.Extensions.Logging.ILogger first, Microsoft.Extensions.Logging.ILogger second, Func<int, bool> toFirst) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => first.IsEnabled(logLevel) || second.IsEnabled(logLevel);

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            (toFirst(eventId.Id) ? first : second).Log(logLevel, eventId, state, exception, formatter);
    }
}
