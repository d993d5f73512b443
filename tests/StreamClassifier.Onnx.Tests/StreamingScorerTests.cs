using StreamClassifier.Onnx.Export;
using StreamClassifier.Onnx.Scoring;
using StreamClassifier.Onnx.Streaming;
using Xunit;

namespace StreamClassifier.Onnx.Tests;

/// <summary>
/// The streaming scorer against the same model recomputed on whole windows (ONNX Runtime), for every
/// hop the graph allows, several heads and layer kinds, across a restart and a gap.
/// </summary>
public sealed class StreamingScorerTests : IDisposable
{
    private const int Channels = 2;
    private const int Length = 64;
    private const double Tolerance = 1e-5;
    private static readonly StreamableBlock[] Blocks = [new(6, 5, 1, 2), new(8, 3, 2, 2)];

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<StreamableHead> Heads => [StreamableHead.GlobalAverage, StreamableHead.GlobalMax, StreamableHead.Dense];

    [Theory]
    [MemberData(nameof(Heads))]
    public void Every_allowed_hop_scores_like_whole_windows(StreamableHead head)
    {
        var builder = StreamableConvNetwork.BuildRandom(Channels, Length, Blocks, head, seed: 3);
        var path = Save(builder, "random");
        var plan = StreamableGraph.Analyze(builder.Build(), Length);
        Assert.True(plan.IsStreamable, plan.Reason);
        Assert.Equal(4, plan.HopMultiple);
        var hops = plan.AllowedHops().ToList();
        Assert.Equal(Enumerable.Range(1, 15).Select(k => 4 * k), hops);
        foreach (var hop in hops)
        {
            AssertStreamsLikeRecompute(path, hop, sensors: 5, windowsPerSensor: 6);
        }
    }

    [Fact]
    public void Strided_convolutions_overlapping_pooling_and_pointwise_constants_stream_exactly()
    {
        var builder = new OnnxGraphBuilder("mixed");
        var random = new Random(11);
        float[] Values(int count) => [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5))];
        var x = builder.Input("input", "batch", Channels, Length);
        x = builder.Conv(x, builder.Initializer("c0.w", Values(5 * Channels * 4), 5, Channels, 4), builder.Initializer("c0.b", Values(5), 5), strides: [2]);
        var scaled = builder.Div(x, builder.Scalar("sqrt2", MathF.Sqrt(2)));
        x = builder.Mul(builder.Mul(x, builder.Scalar("half", 0.5f)), builder.Add(builder.Node("Erf", [scaled]), builder.Scalar("one", 1)));
        x = builder.AveragePool(x, [3], strides: [2]);
        x = builder.Add(x, builder.Initializer("shift", Values(5), 5, 1));
        x = builder.Conv(x, builder.Initializer("c1.w", Values(7 * 5 * 3), 7, 5, 3), builder.Initializer("c1.b", Values(7), 7));
        var flat = builder.Flatten(builder.GlobalAveragePool(x));
        builder.Output(builder.Sigmoid(builder.Gemm(flat, builder.Initializer("d.w", Values(7), 1, 7), builder.Initializer("d.b", Values(1), 1)), "probability"), "batch", 1);
        var path = Save(builder, "mixed");

        var plan = StreamableGraph.Analyze(builder.Build(), Length);
        Assert.True(plan.IsStreamable, plan.Reason);
        Assert.Equal(4, plan.HopMultiple);
        foreach (var hop in plan.AllowedHops())
        {
            AssertStreamsLikeRecompute(path, hop, sensors: 3, windowsPerSensor: 5);
        }
    }

    [Fact]
    public void A_fresh_scorer_after_a_restart_primes_each_sensor_from_its_window_and_then_streams()
    {
        var path = Save(StreamableConvNetwork.BuildRandom(Channels, Length, Blocks, StreamableHead.Dense, seed: 5), "restart");
        const int hop = 8;
        var signals = Signals(sensors: 4, Length + (9 * hop), seed: 2);
        using var recompute = OnnxWindowScorer.Load(path, options: new OnnxScorerOptions { Streaming = false });
        var expected = ScoreRounds(recompute, signals, hop, rounds: 10);

        var actual = new List<float[]>();
        using (var before = Streaming(path, hop))
        {
            actual.AddRange(ScoreRounds(before, signals, hop, rounds: 4));
        }

        using var after = Streaming(path, hop);
        actual.AddRange(ScoreRounds(after, signals, hop, rounds: 6, firstRound: 4));
        Assert.Equal(4, after.PrimedWindows);
        Assert.Equal(4 * 5, after.SteppedWindows);
        AssertClose(expected, actual);
    }

    [Fact]
    public void A_window_that_continues_nothing_is_primed_and_a_gap_does_not_reuse_stale_state()
    {
        var path = Save(StreamableConvNetwork.BuildRandom(Channels, Length, Blocks, StreamableHead.GlobalAverage, seed: 6), "gap");
        const int hop = 16;
        using var streaming = Streaming(path, hop);
        using var recompute = OnnxWindowScorer.Load(path, options: new OnnxScorerOptions { Streaming = false });
        var signal = Signals(1, Length + (6 * hop), seed: 4)[0];
        var windows = new[] { 0, 1, 3, 4 }.Select(k => Window(signal, k * hop)).ToList();
        foreach (var window in windows)
        {
            var expected = new float[1];
            var actual = new float[1];
            recompute.Score(window, 1, expected);
            streaming.Score(window, 1, actual);
            Assert.InRange(Math.Abs(expected[0] - actual[0]), 0, Tolerance);
        }

        Assert.Equal(2, streaming.PrimedWindows);
        Assert.Equal(2, streaming.SteppedWindows);
    }

    [Fact]
    public void Padded_convolutions_and_misaligned_hops_are_refused_with_the_reason()
    {
        var example2 = ConvBatchNormNetwork.BuildRandom(1, 500, seed: 1).Build();
        var plan = StreamableGraph.Analyze(example2, 500);
        Assert.True(plan.IsStreamable, plan.Reason);
        Assert.Contains("not a multiple of 2", plan.CheckHop(125), StringComparison.Ordinal);
        Assert.Null(plan.CheckHop(124));
        Assert.Contains("no overlap", plan.CheckHop(500), StringComparison.Ordinal);

        var padded = new OnnxGraphBuilder("padded");
        var x = padded.Input("input", "batch", 1, 32);
        x = padded.Conv(x, padded.Initializer("w", new float[3], 1, 1, 3), pads: [1, 1]);
        padded.Output(padded.Sigmoid(padded.Flatten(padded.GlobalAveragePool(x)), "probability"), "batch", 1);
        var refused = StreamableGraph.Analyze(padded.Build(), 32);
        Assert.False(refused.IsStreamable);
        Assert.Contains("zero padding", refused.Reason, StringComparison.Ordinal);
        Assert.Null(refused.ToCard());
    }

    [Fact]
    public void The_scorer_says_why_it_recomputes()
    {
        var path = Save(StreamableConvNetwork.BuildRandom(Channels, Length, Blocks, StreamableHead.Dense, seed: 7), "status");
        using var misaligned = OnnxWindowScorer.Load(path, options: new OnnxScorerOptions { StreamingHop = 6 });
        Assert.False(misaligned.IsStreaming);
        Assert.Contains("not a multiple of 4", misaligned.StreamingStatus, StringComparison.Ordinal);
        using var off = OnnxWindowScorer.Load(path, options: new OnnxScorerOptions { StreamingHop = 8, Streaming = false });
        Assert.False(off.IsStreaming);
        using var on = Streaming(path, 8);
        Assert.True(on.IsStreaming);
        Assert.Contains("hop 8", on.StreamingStatus, StringComparison.Ordinal);
    }

    private static OnnxWindowScorer Streaming(string path, int hop)
    {
        var scorer = OnnxWindowScorer.Load(path, options: new OnnxScorerOptions { StreamingHop = hop, MaxBatch = 8 });
        Assert.True(scorer.IsStreaming, scorer.StreamingStatus);
        return scorer;
    }

    private static void AssertStreamsLikeRecompute(string path, int hop, int sensors, int windowsPerSensor)
    {
        var signals = Signals(sensors, Length + ((windowsPerSensor - 1) * hop), seed: hop);
        using var recompute = OnnxWindowScorer.Load(path, options: new OnnxScorerOptions { Streaming = false });
        using var streaming = Streaming(path, hop);
        var expected = ScoreRounds(recompute, signals, hop, windowsPerSensor);
        var actual = ScoreRounds(streaming, signals, hop, windowsPerSensor);
        AssertClose(expected, actual);
        Assert.Equal(sensors, streaming.PrimedWindows);
        Assert.Equal(sensors * (windowsPerSensor - 1), streaming.SteppedWindows);
    }

    // Round k scores window k of every sensor in one batch, as the worker's cross-sensor batches do.
    private static List<float[]> ScoreRounds(OnnxWindowScorer scorer, float[][] signals, int hop, int rounds, int firstRound = 0)
    {
        var results = new List<float[]>();
        for (var round = firstRound; round < firstRound + rounds; round++)
        {
            var batch = signals.SelectMany(signal => Window(signal, round * hop)).ToArray();
            var probabilities = new float[signals.Length];
            scorer.Score(batch, signals.Length, probabilities);
            results.Add(probabilities);
        }

        return results;
    }

    private static void AssertClose(List<float[]> expected, List<float[]> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var round = 0; round < expected.Count; round++)
        {
            for (var i = 0; i < expected[round].Length; i++)
            {
                Assert.InRange(Math.Abs(expected[round][i] - actual[round][i]), 0, Tolerance);
            }
        }
    }

    // Channel-major signals: [channel][sample].
    private static float[][] Signals(int sensors, int samples, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, sensors).Select(_ => Enumerable.Range(0, Channels * samples).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray())];
    }

    private static float[] Window(float[] signal, int start)
    {
        var samples = signal.Length / Channels;
        var window = new float[Channels * Length];
        for (var channel = 0; channel < Channels; channel++)
        {
            Array.Copy(signal, (channel * samples) + start, window, channel * Length, Length);
        }

        return window;
    }

    private string Save(OnnxGraphBuilder builder, string name)
    {
        var path = temp.File(name + ".onnx");
        builder.Save(path, StreamableConvNetwork.RandomCard(builder, name, Channels, Length, 8, 100, 1, "test"));
        return path;
    }
}
