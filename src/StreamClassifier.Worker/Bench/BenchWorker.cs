using System.Diagnostics;
using System.Reactive.Concurrency;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Flow;
using StreamClassifier.Worker.Hosting;

namespace StreamClassifier.Worker.Bench;

/// <summary>
/// One real worker (own pipeline, group and checkpoint topic) over a bench topic, run until a number
/// of records completed: timed from the first record consumed to the last record completed.
/// </summary>
internal static class BenchWorker
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    /// <summary>Runs the worker until <paramref name="records"/> records completed (bounded by 2 minutes after the first record).</summary>
    /// <param name="topology">The topology (source and sinks are replaced).</param>
    /// <param name="stream">The stream the scorer scores.</param>
    /// <param name="scorer">Its scorer (not owned).</param>
    /// <param name="topic">The source topic; the group, checkpoint topic and alerts topic come from <paramref name="group"/>.</param>
    /// <param name="group">The consumer group.</param>
    /// <param name="bootstrap">The broker.</param>
    /// <param name="records">Records to complete.</param>
    /// <param name="hooks">Hooks to set on the worker's options (latency probes), or null.</param>
    public static WorkerRun Run(TopologyDefinition topology, StreamSpec stream, IWindowScorer scorer, string topic, string group, string bootstrap, int records, Func<KafkaWorkerOptions, KafkaWorkerOptions>? hooks = null)
    {
        var benchTopology = topology with
        {
            Source = new SourceSpec { Kafka = topology.Source.Kafka with { Bootstrap = bootstrap, Topic = topic, Group = group, CheckpointTopic = null } },
            Sinks = new SinksSpec { AlertsTopic = AlertsTopic(group) },
        };
        using var scheduler = new EventLoopScheduler();
        using var pipeline = new ClassificationPipeline(benchTopology, new Dictionary<string, IWindowScorer> { [stream.Name] = scorer }, scheduler);
        var options = new KafkaWorkerOptions { BootstrapServers = bootstrap, InstanceId = group, Logger = new LineLogger(Console.Error.WriteLine), Scoring = ScoringMode.OnScoringThread("kafka-scoring") };
        using var run = KafkaWorkerRun.Start(benchTopology, pipeline, hooks?.Invoke(options) ?? options);
        var worker = run.Worker;
        var clock = new Stopwatch();
        var cpuAtStart = TimeSpan.Zero;
        var deadline = DateTime.UtcNow + Bound;
        while (worker.Counters.ChunksCompleted < records && !run.HasStopped && DateTime.UtcNow < deadline)
        {
            if (!clock.IsRunning && worker.Counters.Consumed > 0)
            {
                clock.Start();
                cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
                deadline = DateTime.UtcNow + Bound;
            }

            Thread.Sleep(5); // sampling the counters, not synchronising: the measurement's resolution (±5 ms of runs of several seconds); 1 ms cost ~2 % of a core in wake-ups
        }

        clock.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart;
        var report = run.Stop(Timeout.InfiniteTimeSpan);
        if (report?.Fatal is not null || worker.Counters.ChunksCompleted < records)
        {
            return new WorkerRun(0, cpu, 0, $"the worker completed {worker.Counters.ChunksCompleted} of {records} records: {report?.Fatal ?? "timed out after 2 minutes"}; {worker.Counters}; in flight {worker.InFlight}; pipeline windows scored {pipeline.Counters.WindowsScored}, records {pipeline.Counters.Records}.");
        }

        return new WorkerRun(clock.Elapsed.TotalSeconds, cpu, pipeline.Counters.WindowsScored, null);
    }

    /// <summary>The topics a worker of <paramref name="group"/> writes: its checkpoints and its alerts (created with the broker, so the timed run does not wait for them).</summary>
    public static IEnumerable<string> TopicsOf(string group) => [$"{group}.checkpoints", AlertsTopic(group)];

    private static string AlertsTopic(string group) => $"{group}.alerts";
}

/// <summary>One timed worker run.</summary>
/// <param name="Seconds">First record consumed to last record completed.</param>
/// <param name="Cpu">Process CPU time over the same interval.</param>
/// <param name="Windows">Windows scored.</param>
/// <param name="Failure">Why the run did not complete, if it did not.</param>
internal sealed record WorkerRun(double Seconds, TimeSpan Cpu, long Windows, string? Failure);
