using StreamClassifier.Core.Models;
using StreamClassifier.Core.Topology;
using StreamClassifier.Onnx.Scoring;

namespace StreamClassifier.Onnx.Tests;

public class OnnxWindowScorerTests
{
    private const int Length = 8;
    private const int WindowValues = 2 * Length;

    [Fact]
    public void Logit_head_gets_a_sigmoid_that_matches_a_hand_computation()
    {
        using var directory = new TempDirectory();
        var path = Save(directory, "logit.onnx", OutputKind.Logit);
        using var scorer = OnnxWindowScorer.Load(path, Declared(path, OutputKind.Logit), "test");

        var windows = TestNetworks.Windows(5, WindowValues, seed: 1);
        var probabilities = new float[5];
        scorer.Score(windows, 5, probabilities);

        for (var i = 0; i < 5; i++)
        {
            var expected = TestNetworks.Sigmoid(TestNetworks.Logit(windows.AsSpan(i * WindowValues, WindowValues), Length));
            Assert.True(Math.Abs(probabilities[i] - expected) <= 1e-6, $"window {i}: {probabilities[i]:R} vs {expected:R}");
        }

        // A hand-checked point: all-ones window → each conv output = 0.1 + (0.5 - 1 + 2) + (1.5 + 0.25 - 0.75) = 2.6,
        // logit = 1.7 * 2.6 - 0.3 = 4.12, P = sigmoid(4.12).
        var ones = Enumerable.Repeat(1f, WindowValues).ToArray();
        var single = new float[1];
        scorer.Score(ones, 1, single);
        Assert.Equal(1 / (1 + Math.Exp(-4.12)), single[0], 6);
    }

    [Theory]
    [InlineData(OutputKind.Probability)]
    [InlineData(OutputKind.Softmax2)]
    public void Every_head_gives_the_same_probability_of_class_one(OutputKind head)
    {
        using var directory = new TempDirectory();
        var path = Save(directory, $"{head}.onnx", head);
        using var scorer = OnnxWindowScorer.Load(path, Declared(path, head), "test");
        var windows = TestNetworks.Windows(4, WindowValues, seed: 2);
        var probabilities = new float[4];
        scorer.Score(windows, 4, probabilities);
        for (var i = 0; i < 4; i++)
        {
            var z = TestNetworks.Logit(windows.AsSpan(i * WindowValues, WindowValues), Length);
            // The softmax2 head is softmax([-z, z]), whose column 1 is sigmoid(2z).
            var expected = TestNetworks.Sigmoid(head == OutputKind.Softmax2 ? 2 * z : z);
            Assert.True(Math.Abs(probabilities[i] - expected) <= 1e-6, $"window {i}");
        }
    }

    [Fact]
    public void Channels_last_model_gets_the_same_scores_from_channel_major_windows()
    {
        using var directory = new TempDirectory();
        var ncl = Save(directory, "ncl.onnx", OutputKind.Probability);
        var nlcPath = directory.File("nlc.onnx");
        TestNetworks.Small(OutputKind.Probability, InputLayout.NLC).Save(nlcPath);
        using var channelsFirst = OnnxWindowScorer.Load(ncl, Declared(ncl, OutputKind.Probability), "test");
        using var channelsLast = OnnxWindowScorer.Load(nlcPath, new ModelSpec { Path = nlcPath, InputLayout = InputLayout.NLC, Output = OutputKind.Probability }, "test");

        Assert.Equal(InputLayout.NLC, channelsLast.Layout);
        Assert.Equal(2, channelsLast.Channels);
        Assert.Equal(Length, channelsLast.WindowLength);

        var windows = TestNetworks.Windows(6, WindowValues, seed: 3);
        var first = new float[6];
        var last = new float[6];
        channelsFirst.Score(windows, 6, first);
        channelsLast.Score(windows, 6, last);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(first[i], last[i], 6);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(9)]
    public void Fixed_batch_graph_pads_small_batches_and_splits_large_ones(int batch)
    {
        using var directory = new TempDirectory();
        var fixedPath = directory.File("fixed.onnx");
        TestNetworks.Small(OutputKind.Probability, batch: 4).Save(fixedPath);
        using var scorer = OnnxWindowScorer.Load(fixedPath, Declared(fixedPath, OutputKind.Probability), "test");
        Assert.Equal(4, scorer.MaxBatch);
        Assert.Equal(4, scorer.Model.FixedBatch);

        var windows = TestNetworks.Windows(batch, WindowValues, seed: 4);
        var probabilities = new float[batch];
        scorer.Score(windows, batch, probabilities);
        for (var i = 0; i < batch; i++)
        {
            var expected = TestNetworks.Sigmoid(TestNetworks.Logit(windows.AsSpan(i * WindowValues, WindowValues), Length));
            Assert.True(Math.Abs(probabilities[i] - expected) <= 1e-6, $"window {i} of {batch}");
        }
    }

    [Fact]
    public void Batches_larger_than_max_batch_are_split_and_give_the_same_scores()
    {
        using var directory = new TempDirectory();
        var path = Save(directory, "p.onnx", OutputKind.Probability);
        using var small = OnnxWindowScorer.Load(path, Declared(path, OutputKind.Probability), "test", new OnnxScorerOptions { MaxBatch = 3 });
        using var large = OnnxWindowScorer.Load(path, Declared(path, OutputKind.Probability), "test");
        var windows = TestNetworks.Windows(10, WindowValues, seed: 5);
        var split = new float[10];
        var whole = new float[10];
        small.Score(windows, 10, split);
        large.Score(windows, 10, whole);
        Assert.Equal(whole, split);
    }

    [Fact]
    public void Concurrent_callers_share_one_session_and_get_their_own_results()
    {
        using var directory = new TempDirectory();
        var path = Save(directory, "p.onnx", OutputKind.Probability);
        using var scorer = OnnxWindowScorer.Load(path, Declared(path, OutputKind.Probability), "test", new OnnxScorerOptions { IntraOpThreads = 1 });
        var windows = TestNetworks.Windows(16, WindowValues, seed: 6);
        var expected = new float[16];
        scorer.Score(windows, 16, expected);

        var failures = 0;
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 4 }, iteration =>
        {
            var first = iteration % 16;
            var count = 1 + (iteration % (16 - first));
            var probabilities = new float[count];
            scorer.Score(windows.AsSpan(first * WindowValues, count * WindowValues), count, probabilities);
            for (var i = 0; i < count; i++)
            {
                if (Math.Abs(probabilities[i] - expected[first + i]) > 1e-6)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void Scoring_after_dispose_throws_and_dispose_twice_is_harmless()
    {
        using var directory = new TempDirectory();
        var path = Save(directory, "p.onnx", OutputKind.Probability);
        var scorer = OnnxWindowScorer.Load(path, Declared(path, OutputKind.Probability), "test");
        scorer.Dispose();
        scorer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => scorer.Score(new float[WindowValues], 1, new float[1]));
    }

    [Fact]
    public void Spans_too_short_for_the_batch_are_rejected_with_the_sizes()
    {
        using var directory = new TempDirectory();
        var path = Save(directory, "p.onnx", OutputKind.Probability);
        using var scorer = OnnxWindowScorer.Load(path, Declared(path, OutputKind.Probability), "test");

        var windows = Assert.Throws<ArgumentOutOfRangeException>(() => scorer.Score(new float[WindowValues], 2, new float[2]));
        Assert.Contains("2 windows of 2 channels × 8 samples need 32 values, but 16 were given", windows.Message, StringComparison.Ordinal);
        var outputs = Assert.Throws<ArgumentOutOfRangeException>(() => scorer.Score(new float[2 * WindowValues], 2, new float[1]));
        Assert.Contains("2 windows need 2 probabilities, but the output span holds 1", outputs.Message, StringComparison.Ordinal);
        scorer.Score([], 0, []);   // an empty batch is a no-op
    }

    [Fact]
    public void Name_version_and_card_come_from_the_card_or_the_file_name()
    {
        using var directory = new TempDirectory();
        var withCard = directory.File("carded.onnx");
        TestNetworks.Small(OutputKind.Logit).Save(withCard, TestNetworks.Card());
        using (var scorer = OnnxWindowScorer.Load(withCard))
        {
            Assert.Equal("small", scorer.ModelName);
            Assert.Equal("7", scorer.ModelVersion);
            Assert.Equal(0.6, scorer.Card!.Threshold);
            Assert.Equal(OutputKind.Logit, scorer.Output);
        }

        var plain = Save(directory, "plain-model.onnx", OutputKind.Logit);
        using (var scorer = OnnxWindowScorer.Load(plain, Declared(plain, OutputKind.Logit), "test"))
        {
            Assert.Equal("plain-model", scorer.ModelName);
            Assert.Equal("0", scorer.ModelVersion);
            Assert.Null(scorer.Card);
        }
    }

    [Fact]
    public void Loading_for_a_topology_stream_resolves_the_path_and_takes_the_length_from_the_stream()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.File("models"));
        // A plain model whose length is symbolic: only the stream can say how long a window is.
        TestNetworks.Small(OutputKind.Probability, length: 0).Save(directory.File("models/any-length.onnx"));
        var topology = Topologies.OneStream(directory.Path, "models/any-length.onnx", channels: 2, windowSize: 12, layout: InputLayout.NCL, output: OutputKind.Probability);

        using var scorer = OnnxWindowScorer.LoadForStream(topology, 0);
        Assert.Equal(12, scorer.WindowLength);
        var windows = TestNetworks.Windows(2, 2 * 12, seed: 7);
        var probabilities = new float[2];
        scorer.Score(windows, 2, probabilities);
        Assert.Equal(TestNetworks.Sigmoid(TestNetworks.Logit(windows.AsSpan(0, 24), 12)), probabilities[0], 6);
    }

    [Fact]
    public void Invalid_options_are_rejected_with_the_value()
    {
        using var directory = new TempDirectory();
        var path = Save(directory, "p.onnx", OutputKind.Probability);
        var error = Assert.Throws<ArgumentException>(() => OnnxWindowScorer.Load(path, Declared(path, OutputKind.Probability), "test", new OnnxScorerOptions { MaxBatch = 0 }));
        Assert.Contains("max batch = 0", error.Message, StringComparison.Ordinal);
    }

    private static string Save(TempDirectory directory, string name, OutputKind head)
    {
        var path = directory.File(name);
        TestNetworks.Small(head).Save(path);
        return path;
    }

    private static ModelSpec Declared(string path, OutputKind head) => new() { Path = path, InputLayout = InputLayout.NCL, Output = head };
}
