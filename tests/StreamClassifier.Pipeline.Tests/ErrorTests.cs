using System.Reactive.Concurrency;
using System.Reactive.Linq;

using StreamClassifier.Core.Records;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline.Batching;
using StreamClassifier.Pipeline.Checkpoints;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Pipeline.Tests.Support;

namespace StreamClassifier.Pipeline.Tests;

public class ErrorTests
{
    private static readonly IScheduler Scheduler = new HistoricalScheduler(Harness.Epoch);

    [Fact]
    public void A_failing_scorer_ends_the_stream_with_an_error_naming_model_sensor_and_cause()
    {
        var scorer = new FakeScorer(1, 4) { ModelName = "ecg-pvc", ModelVersion = "3", FailWith = new InvalidOperationException("ONNX Runtime: bad input") };
        using var harness = new Harness(Topologies.Of(null, Topologies.Stream()), scorer);

        harness.Push(Signals.Chunk("ecg-1", 0, 100, new double[4]));
        harness.Complete();

        var error = Assert.IsType<PipelineScoringException>(harness.Error);
        Assert.Contains("model 'ecg-pvc' v3", error.Message, StringComparison.Ordinal);
        Assert.Contains("sensor 'ecg-1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ONNX Runtime: bad input", error.Message, StringComparison.Ordinal);
        Assert.False(harness.Completed);

        var count = harness.Events.Count;
        harness.Push(Signals.Chunk("ecg-1", 100, 100, new double[4]));
        Assert.Equal(count, harness.Events.Count);
    }

    [Fact]
    public void A_score_that_is_not_a_probability_is_an_error()
    {
        using var harness = new Harness(Topologies.Of(null, Topologies.Stream()), new FakeScorer(1, 4, _ => double.NaN));

        harness.Push(Signals.Chunk("a", 0, 100, new double[4]));
        harness.Advance(TimeSpan.FromSeconds(1));

        var error = Assert.IsType<PipelineScoringException>(harness.Error);
        Assert.Contains("returned NaN", error.Message, StringComparison.Ordinal);
        Assert.Contains("output kind", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_input_error_is_passed_on()
    {
        var pipeline = new ClassificationPipeline(Topologies.Of(null, Topologies.Stream()), new Dictionary<string, IWindowScorer> { ["s"] = new FakeScorer(1, 4) }, Scheduler);
        Exception? received = null;

        using var subscription = pipeline.Process(Observable.Throw<SampleChunk>(new IOException("disk"))).Subscribe(_ => { }, e => received = e);

        Assert.Equal("disk", Assert.IsType<IOException>(received).Message);
    }

    [Fact]
    public void Arguments_are_checked_at_the_public_entry()
    {
        var topology = Topologies.Of(null, Topologies.Stream());
        var scorers = new Dictionary<string, IWindowScorer> { ["s"] = new FakeScorer(1, 4) };

        Assert.Throws<ArgumentNullException>(() => new ClassificationPipeline(null!, scorers, Scheduler));
        Assert.Throws<ArgumentNullException>(() => new ClassificationPipeline(topology, null!, Scheduler));
        Assert.Throws<ArgumentNullException>(() => new ClassificationPipeline(topology, scorers, null!));
        using var pipeline = new ClassificationPipeline(topology, scorers, Scheduler);
        Assert.Throws<ArgumentNullException>(() => pipeline.Process(null!));
        Assert.Throws<ArgumentNullException>(() => pipeline.Preprocess(null!));
        Assert.Throws<ArgumentNullException>(() => pipeline.Snapshot(null!));
        Assert.Throws<ArgumentNullException>(() => pipeline.Restore(null!));
    }

    [Fact]
    public void A_scorer_that_does_not_fit_its_stream_is_rejected_with_both_shapes()
    {
        var error = Assert.Throws<ArgumentException>(() => new ClassificationPipeline(
            Topologies.Of(null, Topologies.Stream(name: "ecg", size: 720)),
            new Dictionary<string, IWindowScorer> { ["ecg"] = new FakeScorer(1, 500) { ModelName = "ecg-pvc" } },
            Scheduler));

        Assert.Contains("Stream 'ecg' makes windows of 1 channel(s) × 720 samples", error.Message, StringComparison.Ordinal);
        Assert.Contains("'ecg-pvc' v7 takes 1 × 500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scorer_for_a_stream_that_does_not_exist_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new ClassificationPipeline(
            Topologies.Of(null, Topologies.Stream(name: "ecg")),
            new Dictionary<string, IWindowScorer> { ["ekg"] = new FakeScorer(1, 4) },
            Scheduler));

        Assert.Contains("stream 'ekg' but topology 'test-topology' has no stream of that name (streams: ecg)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Processing_needs_a_scorer_for_every_stream()
    {
        using var pipeline = new ClassificationPipeline(Topologies.Of(null, Topologies.Stream(name: "ecg")), new Dictionary<string, IWindowScorer>(), Scheduler);

        var error = Assert.Throws<InvalidOperationException>(() => pipeline.Process(Observable.Empty<SampleChunk>()));

        Assert.Contains("Stream(s) 'ecg'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Preprocess", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Impossible_batching_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new ClassificationPipeline(
            Topologies.Of(new BatchingSpec { MaxBatch = 0 }, Topologies.Stream()),
            new Dictionary<string, IWindowScorer>(),
            Scheduler));

        Assert.Contains("batching.max_batch (0)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_one_subscription_runs_at_a_time()
    {
        using var harness = new Harness(Topologies.Of(null, Topologies.Stream()), new FakeScorer(1, 4));
        Exception? error = null;

        using var second = harness.Pipeline.Process(Observable.Never<SampleChunk>()).Subscribe(_ => { }, e => error = e);

        Assert.Contains("already running", Assert.IsType<InvalidOperationException>(error).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void State_survives_between_subscriptions()
    {
        using var pipeline = new ClassificationPipeline(Topologies.Of(null, Topologies.Stream()), new Dictionary<string, IWindowScorer> { ["s"] = new FakeScorer(1, 4) }, Scheduler);
        var events = new List<PipelineEvent>();

        pipeline.Process(new[] { Signals.Chunk("a", 0, 100, 1, 2) }.ToObservable()).Subscribe(events.Add);
        pipeline.Process(new[] { Signals.Chunk("a", 20, 100, 3, 4) }.ToObservable()).Subscribe(events.Add);

        Assert.Equal([1f, 2, 3, 4], Assert.Single(events.OfType<WindowScored>()).Score.Window.Values);
    }

    [Fact]
    public void Checkpoints_that_do_not_fit_are_rejected_with_the_reason()
    {
        using var source = new Harness(Topologies.Of(null, Topologies.Stream(name: "ecg", size: 4)), new FakeScorer(1, 4));
        source.Push(Signals.Chunk("a", 0, 100, 1, 2));
        var checkpoint = source.Pipeline.Snapshot("a")!;

        using var renamed = new ClassificationPipeline(Topologies.Of(null, Topologies.Stream(name: "ekg", size: 4)), new Dictionary<string, IWindowScorer>(), Scheduler);
        Assert.Contains("belongs to stream 'ecg'", Assert.Throws<ArgumentException>(() => renamed.Restore(checkpoint)).Message, StringComparison.Ordinal);

        using var resized = new ClassificationPipeline(Topologies.Of(null, Topologies.Stream(name: "ecg", size: 8)), new Dictionary<string, IWindowScorer>(), Scheduler);
        Assert.Contains("window start ring 3 vs 4", Assert.Throws<ArgumentException>(() => resized.Restore(checkpoint)).Message, StringComparison.Ordinal);

        using var narrower = new ClassificationPipeline(Topologies.Of(null, Topologies.Stream(name: "ecg", sensors: "b*")), new Dictionary<string, IWindowScorer>(), Scheduler);
        Assert.Contains("No stream rule", Assert.Throws<ArgumentException>(() => narrower.Restore(checkpoint)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_checkpoint_bytes_give_a_clear_error()
    {
        using var source = new Harness(Topologies.Of(null, Topologies.Stream()), new FakeScorer(1, 4));
        source.Push(Signals.Chunk("a", 0, 100, 1, 2, 3, 4, 5));
        var bytes = source.Pipeline.Snapshot("a")!.ToBytes();

        Assert.Contains("not a StreamClassifier sensor checkpoint", Assert.Throws<InvalidDataException>(() => SensorStateSnapshot.FromBytes(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 })).Message, StringComparison.Ordinal);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => SensorStateSnapshot.FromBytes(bytes.AsSpan(0, bytes.Length - 3))).Message, StringComparison.Ordinal);
        var future = (byte[])bytes.Clone();
        future[4] = 99;
        Assert.Contains("version 99", Assert.Throws<InvalidDataException>(() => SensorStateSnapshot.FromBytes(future)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schedulers_that_run_timers_inline_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new ClassificationPipeline(
            Topologies.Of(null, Topologies.Stream()),
            new Dictionary<string, IWindowScorer>(),
            ImmediateScheduler.Instance));

        Assert.Contains("ImmediateScheduler runs timers inline", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_live_scheduler_flushes_on_its_own_clock()
    {
        var scorer = new FakeScorer(1, 4);
        using var scheduler = new EventLoopScheduler();
        using var pipeline = new ClassificationPipeline(Topologies.Of(new BatchingSpec { MaxBatch = 32, MaxDelayMs = 5 }, Topologies.Stream()), new Dictionary<string, IWindowScorer> { ["s"] = scorer }, scheduler);
        using var scored = new ManualResetEventSlim();
        var input = new System.Reactive.Subjects.Subject<SampleChunk>();
        using var subscription = pipeline.Process(input).Subscribe(e =>
        {
            if (e is ChunkCompleted)
            {
                scored.Set();
            }
        });

        input.OnNext(Signals.Chunk("a", 0, 100, 1, 2, 3, 4));

        Assert.True(scored.Wait(TimeSpan.FromSeconds(30)), "The deadline flush did not happen within 30 s on a live scheduler.");
        Assert.Equal([1], scorer.BatchSizes);
    }

    [Fact]
    public void An_input_that_throws_on_subscribe_fails_the_run_and_frees_the_pipeline()
    {
        using var pipeline = new ClassificationPipeline(Topologies.Of(null, Topologies.Stream()), new Dictionary<string, IWindowScorer> { ["s"] = new FakeScorer(1, 4) }, Scheduler);
        Exception? received = null;

        using (pipeline.Process(new ThrowingSource()).Subscribe(_ => { }, e => received = e))
        {
        }

        Assert.Equal("cannot open", Assert.IsType<IOException>(received).Message);
        var completed = false;
        pipeline.Process(Observable.Empty<SampleChunk>()).Subscribe(_ => { }, () => completed = true);
        Assert.True(completed);
    }

    private sealed class ThrowingSource : IObservable<SampleChunk>
    {
        public IDisposable Subscribe(IObserver<SampleChunk> observer) => throw new IOException("cannot open");
    }
}
