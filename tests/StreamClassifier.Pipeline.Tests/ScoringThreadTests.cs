using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;

using StreamClassifier.Core.Records;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline.Batching;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Pipeline.Flow;
using StreamClassifier.Pipeline.Tests.Support;

namespace StreamClassifier.Pipeline.Tests;

/// <summary>Scoring off the input thread (<see cref="ScoringMode.OnScoringThread"/>): the same events, a bounded wait, exact checkpoints.</summary>
public sealed class ScoringThreadTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly EventLoopScheduler scheduler = new();
    private readonly Subject<SampleChunk> input = new();
    private readonly List<PipelineEvent> events = [];
    private readonly ManualResetEventSlim ended = new();
    private Exception? error;

    [Fact]
    public void A_scoring_thread_gives_every_sensor_the_same_windows_alerts_and_completions_as_inline_scoring()
    {
        var topology = Topologies.Of(new BatchingSpec { MaxBatch = 8, MaxDelayMs = 5 }, Topologies.Stream(size: 40, hop: 10, alert: new AlertPolicySpec { Threshold = 0.5, RaiseAfter = 2, OfLast = 3 }));
        var chunks = Results.Interleave([.. Enumerable.Range(0, 6).Select(s => Signals.Chunked($"s{s}", Signals.Noisy(2000, 1, s), 1, 100, 37))]);
        List<PipelineEvent> inline;
        using (var offline = new ClassificationPipeline(topology, new Dictionary<string, IWindowScorer> { ["s"] = new FakeScorer(1, 40, FakeScorer.AllValues) }, new HistoricalScheduler(Harness.Epoch)))
        {
            inline = [.. offline.Process(chunks.ToObservable()).ToEnumerable()];
        }

        using var pipeline = Start(topology, new FakeScorer(1, 40, FakeScorer.AllValues));
        foreach (var chunk in chunks)
        {
            input.OnNext(chunk);
        }

        input.OnCompleted();
        Assert.True(ended.Wait(Bound), "the flow did not complete");
        Assert.Null(error);
        Results.Equal(Results.PerSensor(inline), Results.PerSensor(Snapshot()));
        Assert.Equal(inline.OfType<ChunkCompleted>().Select(c => c.Chunk.Source), Snapshot().OfType<ChunkCompleted>().Select(c => c.Chunk.Source));
        Assertions.Reconciles(pipeline);
    }

    [Fact]
    public void The_input_thread_goes_on_windowing_while_a_batch_is_scored_and_the_waiting_windows_are_counted()
    {
        using var scorer = new GatedScorer(new FakeScorer(1, 4));
        using var pipeline = Start(Topologies.Of(new BatchingSpec { MaxBatch = 4, MaxDelayMs = 1 }, Topologies.Stream()), scorer);

        input.OnNext(Signals.Chunk("a", 0, 100, new double[4]));
        Assert.True(scorer.WaitEntered(Bound), "the first window was not taken by the scoring thread");
        input.OnNext(Signals.Chunk("a", 40, 100, new double[40])); // returns although the scorer is held
        Assert.Equal(10, pipeline.WindowsAwaitingScore);

        scorer.Open();
        input.OnCompleted();
        Assert.True(ended.Wait(Bound), "the flow did not complete");
        Assert.Equal(11, Snapshot().OfType<WindowScored>().Count());
        Assert.Equal(0, pipeline.WindowsAwaitingScore);
    }

    [Fact]
    public void A_checkpoint_taken_while_a_batch_is_scored_still_holds_its_windows_as_unscored()
    {
        using var scorer = new GatedScorer(new FakeScorer(1, 4));
        using var pipeline = Start(Topologies.Of(new BatchingSpec { MaxBatch = 4, MaxDelayMs = 1 }, Topologies.Stream()), scorer);

        input.OnNext(Signals.Chunk("a", 0, 100, new double[12]));
        Assert.True(scorer.WaitEntered(Bound), "no batch was taken");
        var snapshot = pipeline.Snapshot("a")!;
        Assert.Equal([0L, 4L, 8L], snapshot.PendingWindows.Select(w => w.StartIndex));
        Assert.Empty(Snapshot().OfType<ChunkCompleted>());

        scorer.Open();
        input.OnCompleted();
        Assert.True(ended.Wait(Bound), "the flow did not complete");
        Assert.Empty(pipeline.Snapshot("a")!.PendingWindows);
        Assert.Single(Snapshot().OfType<ChunkCompleted>());
    }

    [Fact]
    public void Completing_the_input_waits_for_the_batch_in_flight_and_scores_the_rest_before_the_flow_completes()
    {
        using var scorer = new GatedScorer(new FakeScorer(1, 4));
        using var pipeline = Start(Topologies.Of(new BatchingSpec { MaxBatch = 2, MaxDelayMs = 1000 }, Topologies.Stream()), scorer);

        input.OnNext(Signals.Chunk("a", 0, 100, new double[4]));
        Assert.True(scorer.WaitEntered(Bound), "no batch was taken");
        input.OnNext(Signals.Chunk("a", 40, 100, new double[20]));
        var completing = Elsewhere(input.OnCompleted);
        Assert.False(completing.Join(TimeSpan.FromMilliseconds(100)), "completion did not wait for the batch in flight");

        scorer.Open();
        Assert.True(completing.Join(Bound) && ended.Wait(Bound), "the flow did not complete");
        var scored = Snapshot().OfType<WindowScored>().Select(e => e.Score.Window.StartIndex).ToList();
        Assert.Equal(Enumerable.Range(0, 6).Select(i => i * 4L), scored);
        Assert.Equal(2, Snapshot().OfType<ChunkCompleted>().Count());
    }

    [Fact]
    public void A_scoring_failure_on_the_scoring_thread_ends_the_flow_with_its_error()
    {
        var failing = new FakeScorer(1, 4) { FailWith = new InvalidOperationException("session lost") };
        using var pipeline = Start(Topologies.Of(new BatchingSpec { MaxBatch = 4, MaxDelayMs = 1 }, Topologies.Stream()), failing);

        input.OnNext(Signals.Chunk("a", 0, 100, new double[8]));

        Assert.True(ended.Wait(Bound), "the flow did not end");
        var failure = Assert.IsType<PipelineScoringException>(error);
        Assert.Contains("session lost", failure.Message, StringComparison.Ordinal);
        Assert.Empty(Snapshot().OfType<ChunkCompleted>());
        Assert.Equal(2, pipeline.Snapshot("a")!.PendingWindows.Count); // the failed batch stays unscored in the sensor's state
    }

    [Fact]
    public void A_model_swap_lets_the_batch_in_flight_finish_with_the_old_model()
    {
        using var old = new GatedScorer(new FakeScorer(1, 4, _ => 0.2) { ModelVersion = "1" });
        var replacement = new FakeScorer(1, 4, _ => 0.9) { ModelVersion = "2" };
        using var pipeline = Start(Topologies.Of(new BatchingSpec { MaxBatch = 4, MaxDelayMs = 1 }, Topologies.Stream()), old);

        input.OnNext(Signals.Chunk("a", 0, 100, new double[8]));
        Assert.True(old.WaitEntered(Bound), "no batch was taken");
        var swapping = Elsewhere(() => pipeline.ReplaceScorer(old, replacement));
        Assert.False(swapping.Join(TimeSpan.FromMilliseconds(100)), "the swap did not wait for the batch in flight");
        old.Open();
        Assert.True(swapping.Join(Bound), "the swap did not finish");
        input.OnNext(Signals.Chunk("a", 80, 100, new double[8]));
        input.OnCompleted();

        Assert.True(ended.Wait(Bound), "the flow did not complete");
        Assert.Equal(["1", "1", "2", "2"], Snapshot().OfType<WindowScored>().Select(e => e.Score.ModelVersion));
    }

    [Fact]
    public void The_hand_off_allocates_nothing_per_sample_on_the_scoring_thread()
    {
        // Between two calls of the scorer the scoring thread hands a batch out and takes the next: what it
        // allocates there per window (the events) must not grow with the window's length.
        // A per-sample allocation of even one byte would add 1,008 B per window here; the bound is an eighth of that,
        // leaving room for what the runtime allocates now and then on the thread (lock inflation, timers).
        var perWindowShort = ScoringThreadBytesPerWindow(16);
        var perWindowLong = ScoringThreadBytesPerWindow(1024);
        Assert.True(perWindowLong - perWindowShort < (1024 - 16) / 8.0, $"{perWindowShort:0.0} B per window of 16 samples, {perWindowLong:0.0} B per window of 1024");
    }

    public void Dispose()
    {
        input.Dispose();
        scheduler.Dispose();
        ended.Dispose();
    }

    /// <summary>Bytes the scoring thread allocates per window between scorer calls, over 4 sensors' windows of <paramref name="length"/> samples (one record per window, no alerts).</summary>
    private static double ScoringThreadBytesPerWindow(int length)
    {
        var scorer = new AllocationCountingScorer(length);
        using var scheduler = new EventLoopScheduler();
        using var chunks = new Subject<SampleChunk>();
        using var done = new ManualResetEventSlim();
        var topology = Topologies.Of(new BatchingSpec { MaxBatch = 8, MaxDelayMs = 1 }, Topologies.Stream(size: length, hop: length));
        using var pipeline = new ClassificationPipeline(topology, new Dictionary<string, IWindowScorer> { ["s"] = scorer }, scheduler);
        using var subscription = pipeline.Process(chunks, ScoringMode.OnScoringThread()).Subscribe(_ => { }, _ => done.Set(), done.Set);
        for (var record = 0; record < 400; record++)
        {
            for (var sensor = 0; sensor < 4; sensor++)
            {
                chunks.OnNext(Signals.Chunk($"s{sensor}", record * length * 10.0, 100, new double[length]));
            }
        }

        chunks.OnCompleted();
        Assert.True(done.Wait(Bound), "the flow did not complete");
        return scorer.BytesPerWindowAfterWarmUp;
    }

    /// <summary>Runs <paramref name="action"/> on a thread of its own (what another thread of the application would do).</summary>
    private static Thread Elsewhere(Action action)
    {
        var thread = new Thread(() => action()) { IsBackground = true };
        thread.Start();
        return thread;
    }

    private ClassificationPipeline Start(TopologyDefinition topology, IWindowScorer scorer)
    {
        var pipeline = new ClassificationPipeline(topology, new Dictionary<string, IWindowScorer> { [topology.Streams[0].Name] = scorer }, scheduler);
        pipeline.Process(input, ScoringMode.OnScoringThread()).Subscribe(
            pipelineEvent =>
            {
                lock (events)
                {
                    events.Add(pipelineEvent);
                }
            },
            failure =>
            {
                error = failure;
                ended.Set();
            },
            ended.Set);
        return pipeline;
    }

    private List<PipelineEvent> Snapshot()
    {
        lock (events)
        {
            return [.. events];
        }
    }
}

/// <summary>Scores 0 and counts what its calling thread allocated between one call's end and the next call's start (after 20 warm-up calls).</summary>
internal sealed class AllocationCountingScorer(int windowLength) : IWindowScorer
{
    private long lastExit = -1;
    private int calls;
    private long bytes;
    private long windows;
    private int previousBatch;
    private int lastThread;

    public string ModelName => "counting";

    public string ModelVersion => "1";

    public int Channels => 1;

    public int WindowLength => windowLength;

    public Core.Models.ModelCard? Card => null;

    public double BytesPerWindowAfterWarmUp => windows == 0 ? double.NaN : (double)bytes / windows;

    public void Score(ReadOnlySpan<float> windows, int batchSize, Span<float> probabilities)
    {
        var entry = GC.GetAllocatedBytesForCurrentThread();
        var thread = Environment.CurrentManagedThreadId;
        if (++calls > 20 && lastExit >= 0 && thread == lastThread)
        {
            // Between the last call and this one the thread handed out the previous batch's windows.
            bytes += entry - lastExit;
            this.windows += previousBatch;
        }

        probabilities[..batchSize].Clear();
        previousBatch = batchSize;
        lastThread = thread;
        lastExit = GC.GetAllocatedBytesForCurrentThread();
    }

    public void Dispose()
    {
    }
}
