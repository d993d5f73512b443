using System.Reactive.Concurrency;
using Confluent.Kafka;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Tests.Support;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Onnx.Scoring;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Flow;

namespace StreamClassifier.Kafka.Tests.Worker;

/// <summary>
/// The worker scores on a scoring thread, off its poll thread: while a batch is held in the scorer the
/// poll thread keeps polling, the scoring queue stops at its bound by pausing the partitions, nothing
/// unscored is committed, a graceful stop drains the batch in flight, and a scoring failure is the
/// run's fatal error. Every record of the setup completes a window (records of 50 samples, windows of
/// 32 every 16), so while the first batch is held no record can complete.
/// </summary>
public sealed class ScoringThreadTests : IDisposable
{
    private const string Group = "offpoll";
    private const int MaxBatch = 16;

    /// <summary>The worker's scoring queue bound: 32 full batches.</summary>
    private const int WindowsWaitingBound = 32 * MaxBatch;

    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);
    private readonly EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.Start(1);
    private readonly WorkerSetup setup;
    private readonly EventLoopScheduler scheduler = new();

    public ScoringThreadTests()
    {
        WorkerSetup.CreateTopics(cluster, Group);
        setup = WorkerSetup.Create(cluster.BootstrapServers, Group, sensors: 4, samplesPerSensor: 6000, maxInFlight: 100_000);
        setup.Replay(cluster.BootstrapServers);
    }

    [Fact]
    public void A_held_scorer_fills_the_queue_to_its_bound_pauses_the_partitions_commits_nothing_unscored_and_then_finishes_everything()
    {
        using var scorer = new HeldScorer(OnnxWindowScorer.LoadForStream(setup.Topology, 0));
        using var pipeline = Pipeline(scorer);
        using var run = Start(pipeline);

        Assert.True(run.WaitUntil(_ => scorer.Calls > 0 && pipeline.WindowsAwaitingScore >= WindowsWaitingBound, Bound), $"the queue did not reach its bound: {pipeline.WindowsAwaitingScore} windows waiting, {run.Worker.Counters}");
        var consumed = run.Worker.Counters.Consumed;
        Thread.Sleep(1500); // several commit intervals and paused polls: nothing more is read, nothing is committed
        Assert.False(run.HasStopped);
        Assert.Equal(consumed, run.Worker.Counters.Consumed);
        Assert.True(consumed < setup.Recording.Chunks.Count, $"the paused worker read all {consumed} records");
        Assert.InRange(pipeline.WindowsAwaitingScore, WindowsWaitingBound, WindowsWaitingBound + 8); // at most one record's windows past the bound
        Assert.Equal(0, run.Worker.Counters.ChunksCompleted);
        Assert.Equal(0, CommittedTotal());

        scorer.Open();
        WorkerSetup.WaitForCommittedToReachEnd(cluster.BootstrapServers, Group, Bound);
        var report = run.Stop(Bound);
        Assert.Null(report?.Fatal);
        Assert.Equal(setup.Recording.Chunks.Count, run.Worker.Counters.ChunksCompleted);
    }

    [Fact]
    public void A_graceful_stop_while_a_batch_is_held_in_the_scorer_drains_it_and_commits_exactly_what_was_read()
    {
        using var scorer = new HeldScorer(OnnxWindowScorer.LoadForStream(setup.Topology, 0));
        using var pipeline = Pipeline(scorer);
        using var run = Start(pipeline);
        Assert.True(run.WaitUntil(_ => scorer.Calls > 0 && pipeline.WindowsAwaitingScore > 0, Bound), $"no batch was taken: {run.Worker.Counters}");

        KafkaWorkerStopReport? report = null;
        var stopping = new Thread(() => report = run.Stop(Bound)) { IsBackground = true };
        stopping.Start();
        Assert.False(stopping.Join(TimeSpan.FromMilliseconds(300)), "the stop did not wait for the batch in flight");
        scorer.Open();
        Assert.True(stopping.Join(Bound), "the stop did not finish");

        Assert.NotNull(report);
        Assert.Null(report.Fatal);
        Assert.Null(report.FinalCommitFailure);
        var counters = run.Worker.Counters;
        Assert.True(counters.ChunksCompleted > 0 && counters.ChunksCompleted == counters.Consumed, counters.ToString());
        Assert.Equal(0, pipeline.WindowsAwaitingScore);
        Assert.Equal(counters.Consumed, CommittedTotal());
    }

    [Fact]
    public void A_scoring_failure_on_the_scoring_thread_stops_the_run_as_its_fatal_error_without_committing_the_batch()
    {
        using var scorer = new HeldScorer(OnnxWindowScorer.LoadForStream(setup.Topology, 0)) { FailWith = new InvalidOperationException("the session was lost") };
        using var pipeline = Pipeline(scorer);
        using var run = Start(pipeline);

        var report = run.Wait(Bound);

        Assert.NotNull(report);
        Assert.Contains("Scoring a batch", report.Fatal, StringComparison.Ordinal);
        Assert.Contains("the session was lost", report.Fatal, StringComparison.Ordinal);
        Assert.Equal(0, run.Worker.Counters.ChunksCompleted);
        Assert.Equal(0, CommittedTotal());
    }

    public void Dispose()
    {
        scheduler.Dispose();
        setup.Dispose();
        cluster.Dispose();
    }

    private ClassificationPipeline Pipeline(IWindowScorer scorer)
    {
        Assert.Equal(MaxBatch, setup.Topology.Batching.MaxBatch);
        return new ClassificationPipeline(setup.Topology, new Dictionary<string, IWindowScorer> { [setup.Topology.Streams[0].Name] = scorer }, scheduler);
    }

    private KafkaWorkerRun Start(ClassificationPipeline pipeline) =>
        KafkaWorkerRun.Start(setup.Topology, pipeline, new KafkaWorkerOptions { BootstrapServers = cluster.BootstrapServers, CommitInterval = TimeSpan.FromMilliseconds(200), InstanceId = Group, Scoring = ScoringMode.OnScoringThread() });

    private long CommittedTotal()
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = Group, EnableAutoCommit = false }).Build();
        var committed = consumer.Committed([.. Enumerable.Range(0, 4).Select(partition => new TopicPartition("sensors", partition))], TimeSpan.FromSeconds(10));
        return committed.Sum(offset => Math.Max(0, offset.Offset.Value));
    }
}
