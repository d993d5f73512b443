using System.Reactive.Concurrency;
using System.Reactive.Linq;

using StreamClassifier.Core.Records;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Pipeline.Tests.Support;

namespace StreamClassifier.Pipeline.Tests;

public class PreprocessTests
{
    private static (List<FilteredChunk> Output, List<SampleDrop> Drops, ClassificationPipeline Pipeline) Run(IEnumerable<SampleChunk> chunks, StreamSpec? stream = null)
    {
        var pipeline = new ClassificationPipeline(Topologies.Of(null, stream ?? Topologies.Stream(filters: [FilterSpec.Bandpass(1, 20, 2)])), new Dictionary<string, IWindowScorer>(), new HistoricalScheduler(Harness.Epoch));
        var output = new List<FilteredChunk>();
        var drops = new List<SampleDrop>();
        var completed = false;
        pipeline.Preprocess(chunks.ToObservable(), new ListObserver<SampleDrop>(drops)).Subscribe(output.Add, () => completed = true);
        Assert.True(completed);
        return (output, drops, pipeline);
    }

    [Fact]
    public void Filtered_samples_do_not_depend_on_chunk_sizes()
    {
        var signal = Signals.Noisy(500, 1, 9);

        var whole = Run(Signals.Chunked("a", signal, 1, 100, 500)).Output.SelectMany(c => c.Samples.ToArray()).ToArray();
        var single = Run(Signals.Chunked("a", signal, 1, 100, 1)).Output.SelectMany(c => c.Samples.ToArray()).ToArray();
        var sevens = Run(Signals.Chunked("a", signal, 1, 100, 7)).Output.SelectMany(c => c.Samples.ToArray()).ToArray();

        Assert.Equal(500, whole.Length);
        Assert.NotEqual(signal, whole);
        Assert.Equal(whole, single);
        Assert.Equal(whole, sevens);
    }

    [Fact]
    public void Filtered_chunks_carry_times_indexes_and_sources_and_late_samples_are_reported()
    {
        var (output, drops, pipeline) = Run(
            [
                new SampleChunk("a", 0, 100, 1, new double[] { 1, 2, 3 }, new SourcePosition("f", 0, 1)),
                new SampleChunk("a", 10, 100, 1, new double[] { 2, 3, 4, 5 }, new SourcePosition("f", 0, 2)),
                new SampleChunk("zz", 0, 100, 1, new double[] { 1 }, null),
            ],
            Topologies.Stream(sensors: "a"));

        Assert.Equal([(0L, 0.0, 3), (3L, 30.0, 2)], output.Select(c => (c.StartIndex, c.T0Ms, c.SampleCount)));
        Assert.Equal(new SourcePosition("f", 0, 2), output[1].Source);
        Assert.Equal([4.0, 5.0], output[1].Samples.ToArray());
        Assert.Equal([(DropReason.Late, 1), (DropReason.Duplicate, 1), (DropReason.UnknownSensor, 1)], drops.Select(d => (d.Reason, d.SampleCount)));
        var counters = pipeline.Counters.Snapshot();
        Assert.Equal(5, counters.SamplesPreprocessed);
        Assert.True(counters.Reconciles);
    }

    private sealed class ListObserver<T>(List<T> list) : IObserver<T>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error) => throw error;

        public void OnNext(T value) => list.Add(value);
    }
}
