using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Pipeline.Tests.Support;

namespace StreamClassifier.Pipeline.Tests;

public class BatchingTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    // The assertions below count in these two numbers: batches of 4 windows, 10 ms at the most.
    private static TopologyDefinition MaxBatch4MaxDelay10Ms() => Topologies.Of(new BatchingSpec { MaxBatch = 4, MaxDelayMs = 10 }, Topologies.Stream());

    [Fact]
    public void Full_batches_are_scored_at_once_and_the_rest_waits_for_the_deadline()
    {
        var scorer = new FakeScorer(1, 4);
        using var harness = new Harness(MaxBatch4MaxDelay10Ms(), scorer);

        harness.Push(Signals.Chunk("a", 0, 100, new double[40]));

        Assert.Equal([4, 4], scorer.BatchSizes);
        Assert.Equal(8, harness.Scores.Count());
        Assert.Empty(harness.Events.OfType<ChunkCompleted>());

        harness.Advance(10 * Ms);

        Assert.Equal([4, 4, 2], scorer.BatchSizes);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 4L), harness.Scores.Select(s => s.Window.StartIndex));
        Assert.Single(harness.Events.OfType<ChunkCompleted>());
        Assertions.Reconciles(harness.Pipeline);
    }

    [Fact]
    public void A_lone_window_is_scored_when_it_has_waited_max_delay()
    {
        var scorer = new FakeScorer(1, 4);
        using var harness = new Harness(MaxBatch4MaxDelay10Ms(), scorer);

        harness.Push(Signals.Chunk("a", 0, 100, 1, 2, 3, 4));
        harness.Advance(9 * Ms);

        Assert.Empty(harness.Scores);

        harness.Advance(1 * Ms);

        Assert.Single(harness.Scores);
        Assert.Equal([1], scorer.BatchSizes);
    }

    [Fact]
    public void The_deadline_runs_from_the_oldest_waiting_window()
    {
        var scorer = new FakeScorer(1, 4);
        using var harness = new Harness(MaxBatch4MaxDelay10Ms(), scorer);

        harness.Push(Signals.Chunk("a", 0, 100, 1, 2, 3, 4));
        harness.Advance(6 * Ms);
        harness.Push(Signals.Chunk("b", 0, 100, 1, 2, 3, 4));
        harness.Advance(4 * Ms);

        Assert.Equal([2], scorer.BatchSizes);

        // A new batch gets its own deadline, not the old one's.
        harness.Push(Signals.Chunk("c", 0, 100, 1, 2, 3, 4));
        harness.Advance(9 * Ms);
        Assert.Equal([2], scorer.BatchSizes);
        harness.Advance(1 * Ms);
        Assert.Equal([2, 1], scorer.BatchSizes);
    }

    [Fact]
    public void Windows_of_different_sensors_share_a_batch()
    {
        var scorer = new FakeScorer(1, 4);
        using var harness = new Harness(MaxBatch4MaxDelay10Ms(), scorer);

        foreach (var sensor in new[] { "a", "b", "c", "d" })
        {
            harness.Push(Signals.Chunk(sensor, 0, 100, 0.1, 0.2, 0.3, 0.4));
        }

        Assert.Equal([4], scorer.BatchSizes);
        Assert.Equal(["a", "b", "c", "d"], harness.Scores.Select(s => s.Window.SensorId));
    }

    [Fact]
    public void Streams_with_different_models_batch_separately()
    {
        var ecg = new FakeScorer(1, 4) { ModelName = "ecg" };
        var emg = new FakeScorer(1, 4) { ModelName = "emg" };
        var topology = Topologies.Of(new BatchingSpec { MaxBatch = 2, MaxDelayMs = 10 }, Topologies.Stream("ecg", "ecg-*"), Topologies.Stream("emg", "emg-*"));
        using var harness = new Harness(topology, new Dictionary<string, Core.Scoring.IWindowScorer> { ["ecg"] = ecg, ["emg"] = emg });

        harness.Push(Signals.Chunk("ecg-1", 0, 100, new double[4]));
        harness.Push(Signals.Chunk("emg-1", 0, 100, new double[4]));
        harness.Push(Signals.Chunk("ecg-2", 0, 100, new double[4]));

        Assert.Equal([2], ecg.BatchSizes);
        Assert.Empty(emg.BatchSizes);
        Assert.All(harness.Scores, s => Assert.Equal("ecg", s.ModelName));

        harness.Advance(10 * Ms);

        Assert.Equal([1], emg.BatchSizes);
        Assert.Equal("emg", harness.Scores.Last().ModelName);
    }

    [Fact]
    public void Completing_the_input_flushes_pending_windows_before_completing()
    {
        var scorer = new FakeScorer(1, 4);
        using var harness = new Harness(Topologies.Of(new BatchingSpec { MaxBatch = 4, MaxDelayMs = 10_000 }, Topologies.Stream()), scorer);

        harness.Push(Signals.Chunk("a", 0, 100, 1, 2, 3, 4, 5, 6));
        harness.Complete();

        Assert.True(harness.Completed);
        Assert.Single(harness.Scores);
        Assert.IsType<ChunkCompleted>(harness.Events[^1]);
        Assert.Equal(2, harness.Pipeline.Counters.SamplesBuffered);
        Assertions.Reconciles(harness.Pipeline);
    }

    [Fact]
    public void Scores_carry_the_model_and_the_window_values()
    {
        var scorer = new FakeScorer(1, 4) { ModelName = "ecg-pvc", ModelVersion = "3" };
        using var harness = new Harness(Topologies.Of(null, Topologies.Stream()), scorer);

        harness.Push(Signals.Chunk("a", 1000, 100, 0.25, 0.5, 0.75, 1));
        harness.Complete();

        var score = Assert.Single(harness.Scores);
        Assert.Equal(("ecg-pvc", "3", 0.25), (score.ModelName, score.ModelVersion, score.Score));
        Assert.Equal([0.25f, 0.5f, 0.75f, 1f], score.Window.Values);
        Assert.Equal((0L, 4L, 1000.0, 1040.0), (score.Window.StartIndex, score.Window.EndIndex, score.Window.StartMs, score.Window.EndMs));
        Assert.Equal("s", score.Window.StreamName);
        Assert.Null(score.Window.CompletedBy);
    }

    [Fact]
    public void Options_can_override_the_topologys_batching()
    {
        var scorer = new FakeScorer(1, 4);
        using var harness = new Harness(
            Topologies.Of(new BatchingSpec { MaxBatch = 32, MaxDelayMs = 1000 }, Topologies.Stream()),
            scorer,
            new PipelineOptions { Batching = new BatchingSpec { MaxBatch = 2, MaxDelayMs = 1 } });

        harness.Push(Signals.Chunk("a", 0, 100, new double[12]));
        Assert.Equal([2], scorer.BatchSizes);

        harness.Advance(1 * Ms);
        Assert.Equal([2, 1], scorer.BatchSizes);
    }
}
