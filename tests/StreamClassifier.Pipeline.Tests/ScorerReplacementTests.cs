using StreamClassifier.Core.Models;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Pipeline.Tests.Support;

namespace StreamClassifier.Pipeline.Tests;

/// <summary>Hot swap at the pipeline level: <see cref="ClassificationPipeline.ReplaceScorer"/>.</summary>
public class ScorerReplacementTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void Every_window_is_scored_exactly_once_and_windows_after_the_swap_use_the_new_model()
    {
        var old = new FakeScorer(1, 4, _ => 0.2) { ModelName = "m", ModelVersion = "1" };
        var replacement = new FakeScorer(1, 4, _ => 0.9) { ModelName = "m", ModelVersion = "2" };
        using var harness = new Harness(Topologies.Of(new BatchingSpec { MaxBatch = 4, MaxDelayMs = 10 }, Topologies.Stream()), old);

        // 10 windows: 8 scored at once in two full batches, 2 wait for the deadline.
        harness.Push(Signals.Chunk("a", 0, 100, new double[40]));
        Assert.Equal(8, harness.Scores.Count());

        Assert.Equal(["s"], harness.Pipeline.ReplaceScorer(old, replacement));
        harness.Advance(10 * Ms);
        harness.Push(Signals.Chunk("a", 400, 100, new double[16]));
        harness.Advance(10 * Ms);

        var scores = harness.Scores.ToList();
        Assert.Equal(Enumerable.Range(0, 14).Select(i => i * 4L), scores.Select(s => s.Window.StartIndex));
        Assert.All(scores.Take(8), s => Assert.Equal(("1", 0.2), (s.ModelVersion, Math.Round(s.Score, 3))));
        Assert.All(scores.Skip(8), s => Assert.Equal(("2", 0.9), (s.ModelVersion, Math.Round(s.Score, 3))));
        Assert.Equal([4, 4], old.BatchSizes);
        Assert.Equal(6, replacement.BatchSizes.Sum());
        Assertions.Reconciles(harness.Pipeline);
    }

    [Fact]
    public void The_new_cards_threshold_takes_over_and_the_sensors_alert_state_is_kept()
    {
        var card = new Func<string, double, ModelCard>((version, threshold) => new ModelCard
        {
            Name = "m", Version = version, InputLayout = InputLayout.NCL, Channels = 1, WindowLength = 4, Output = OutputKind.Probability, Threshold = threshold,
        });
        var old = new FakeScorer(1, 4, card: card("1", 0.95)) { ModelVersion = "1" };
        var replacement = new FakeScorer(1, 4, card: card("2", 0.5)) { ModelVersion = "2" };
        using var harness = new Harness(Topologies.Of(new BatchingSpec { MaxBatch = 1, MaxDelayMs = 0 }, Topologies.Stream()), old);

        harness.Push(Signals.Chunk("a", 0, 100, Signals.WindowsWithScores(4, 0.7, 0.7)));
        Assert.Empty(harness.Alerts);

        harness.Pipeline.ReplaceScorer(old, replacement);
        harness.Push(Signals.Chunk("a", 80, 100, Signals.WindowsWithScores(4, 0.7)));

        var alert = Assert.Single(harness.Alerts);
        Assert.Equal(("raised", 0.5, "2"), (alert.State, alert.Threshold, alert.ModelVersion));
    }

    [Fact]
    public void A_replacement_that_does_not_fit_the_windows_is_refused_and_the_old_model_keeps_scoring()
    {
        var old = new FakeScorer(1, 4, _ => 0.2);
        using var harness = new Harness(Topologies.Of(new BatchingSpec { MaxBatch = 1, MaxDelayMs = 0 }, Topologies.Stream()), old);

        var refusal = Assert.Throws<ArgumentException>(() => harness.Pipeline.ReplaceScorer(old, new FakeScorer(1, 8) { ModelName = "wide" }));
        harness.Push(Signals.Chunk("a", 0, 100, new double[4]));

        Assert.Contains("makes windows of 1 channel(s) × 4 samples but the replacement model 'wide' v7 takes 1 × 8", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0.2, Math.Round(Assert.Single(harness.Scores).Score, 3));
    }

    [Fact]
    public void Replacing_from_inside_an_event_handler_is_refused()
    {
        var old = new FakeScorer(1, 4);
        var replacement = new FakeScorer(1, 4);
        var topology = Topologies.Of(new BatchingSpec { MaxBatch = 1, MaxDelayMs = 0 }, Topologies.Stream());
        using var pipeline = new ClassificationPipeline(topology, new Dictionary<string, Core.Scoring.IWindowScorer> { ["s"] = old }, new System.Reactive.Concurrency.HistoricalScheduler(Harness.Epoch));
        using var input = new System.Reactive.Subjects.Subject<SampleChunk>();
        Exception? refusal = null;
        using var subscription = pipeline.Process(input).Subscribe(pipelineEvent =>
        {
            if (pipelineEvent is WindowScored)
            {
                refusal = Record.Exception(() => pipeline.ReplaceScorer(old, replacement));
            }
        });

        input.OnNext(Signals.Chunk("a", 0, 100, new double[4]));

        Assert.IsType<InvalidOperationException>(refusal);
        Assert.Contains("call ReplaceScorer from another thread", refusal.Message, StringComparison.Ordinal);
    }
}
