using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Pipeline.Tests.Support;

namespace StreamClassifier.Pipeline.Tests;

public class CompletionTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void A_chunk_completes_only_after_its_windows_and_alerts_and_completions_keep_input_order()
    {
        var scorer = new FakeScorer(1, 4);
        var topology = Topologies.Of(new BatchingSpec { MaxBatch = 8, MaxDelayMs = 10 }, Topologies.Stream(alert: new AlertPolicySpec { Threshold = 0.5 }));
        using var harness = new Harness(topology, scorer);
        var first = new SampleChunk("a", 0, 100, 1, new double[] { 0.9, 0.9, 0.9, 0.9 }, new SourcePosition("t", 0, 1));
        var second = new SampleChunk("b", 0, 100, 1, new double[] { 0.1, 0.1 }, new SourcePosition("t", 0, 2));

        harness.Push(first);
        harness.Push(second);

        // b's chunk completed no window, but a's chunk before it is still waiting for its score.
        Assert.Empty(harness.Events.OfType<ChunkCompleted>());

        harness.Advance(10 * Ms);

        Assert.Collection(
            harness.Events,
            e => Assert.Equal(first.Source, Assert.IsType<WindowScored>(e).Score.Window.CompletedBy),
            e => Assert.Equal("raised", Assert.IsType<AlertEmitted>(e).Alert.State),
            e => Assert.Same(first, Assert.IsType<ChunkCompleted>(e).Chunk),
            e => Assert.Same(second, Assert.IsType<ChunkCompleted>(e).Chunk));
    }

    [Fact]
    public void Chunks_without_windows_complete_at_once_when_nothing_is_pending()
    {
        using var harness = new Harness(Topologies.Of(null, Topologies.Stream()), new FakeScorer(1, 4));
        var chunk = Signals.Chunk("a", 0, 100, 1, 2);

        harness.Push(chunk);

        Assert.Same(chunk, Assert.IsType<ChunkCompleted>(Assert.Single(harness.Events)).Chunk);
    }

    [Fact]
    public void A_chunk_whose_samples_complete_several_windows_completes_after_the_last_of_them()
    {
        var scorer = new FakeScorer(1, 4);
        using var harness = new Harness(Topologies.Of(new BatchingSpec { MaxBatch = 2, MaxDelayMs = 10 }, Topologies.Stream()), scorer);
        var chunk = Signals.Chunk("a", 0, 100, new double[12]);

        harness.Push(chunk);

        Assert.Equal(2, harness.Scores.Count());
        Assert.Empty(harness.Events.OfType<ChunkCompleted>());

        harness.Advance(10 * Ms);

        Assert.Equal(3, harness.Scores.Count());
        Assert.IsType<ChunkCompleted>(harness.Events[^1]);
    }

    [Fact]
    public void Dropped_and_unknown_chunks_complete_too()
    {
        using var harness = new Harness(Topologies.Of(null, Topologies.Stream(sensors: "ecg-*")), new FakeScorer(1, 4));
        var unknown = Signals.Chunk("emg-1", 0, 100, 1, 2, 3);

        harness.Push(unknown);

        Assert.Collection(
            harness.Events,
            e => Assert.Equal(DropReason.UnknownSensor, Assert.IsType<SamplesDropped>(e).Drop.Reason),
            e => Assert.Same(unknown, Assert.IsType<ChunkCompleted>(e).Chunk));
    }
}
