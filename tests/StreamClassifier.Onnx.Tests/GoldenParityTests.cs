using System.Runtime.InteropServices;
using StreamClassifier.Core.Topology;
using StreamClassifier.Onnx.Export;
using StreamClassifier.Onnx.Proto;
using StreamClassifier.Onnx.Scoring;

namespace StreamClassifier.Onnx.Tests;

/// <summary>Every reference model reproduces PyTorch's P(class 1) within 1e-5.</summary>
public class GoldenParityTests
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string, int, int> Cases()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var golden in GoldenCases.All)
        {
            data.Add(golden.Model, 1, 0);
            data.Add(golden.Model, 3, 5);      // a slice from the middle, not only a prefix
            data.Add(golden.Model, 8, 0);
        }

        return data;
    }

    [Fact]
    public void The_reference_covers_every_layout_and_head_we_claim()
    {
        Assert.Contains(GoldenCases.All, c => c.Layout == Core.Models.InputLayout.NLC);
        Assert.Contains(GoldenCases.All, c => c.Head == Core.Models.OutputKind.Softmax2);
        Assert.Contains(GoldenCases.All, c => c.Head == Core.Models.OutputKind.Probability);
        Assert.Equal(5, GoldenCases.All.Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reference_model_reproduces_pytorch(string model, int batch, int first)
    {
        var golden = GoldenCases.Named(model);
        using var scorer = LoadDeclared(golden);

        Assert.Equal(golden.Layout, scorer.Layout);
        Assert.Equal(golden.Head, scorer.Output);
        Assert.Equal(golden.Channels, scorer.Channels);
        Assert.Equal(golden.Length, scorer.WindowLength);

        var probabilities = new float[batch];
        scorer.Score(golden.ChannelMajorInput().AsSpan(first * golden.WindowValues, batch * golden.WindowValues), batch, probabilities);

        var expected = golden.TorchProbabilities();
        for (var i = 0; i < batch; i++)
        {
            var error = Math.Abs(probabilities[i] - expected[first + i]);
            Assert.True(error <= Tolerance, $"{model} window {first + i} (batch {batch}): onnx {probabilities[i]:R}, torch {expected[first + i]:R}, |error| {error:E2}");
        }
    }

    [Fact]
    public void One_scorer_reproduces_pytorch_across_changing_batch_sizes()
    {
        var golden = GoldenCases.Named("seed_example2.onnx");
        using var scorer = LoadDeclared(golden);
        var input = golden.ChannelMajorInput();
        var expected = golden.TorchProbabilities();
        foreach (var (first, batch) in new[] { (0, 8), (2, 1), (4, 3), (0, 8), (7, 1) })
        {
            var probabilities = new float[batch];
            scorer.Score(input.AsSpan(first * golden.WindowValues, batch * golden.WindowValues), batch, probabilities);
            for (var i = 0; i < batch; i++)
            {
                Assert.True(Math.Abs(probabilities[i] - expected[first + i]) <= Tolerance, $"window {first + i} in a batch of {batch}");
            }
        }
    }

    [Theory]
    [InlineData(OnnxOptimizationLevel.None, 1)]
    [InlineData(OnnxOptimizationLevel.All, 2)]
    public void Session_options_do_not_change_the_scores(OnnxOptimizationLevel level, int threads)
    {
        var golden = GoldenCases.Named("seed_example3.onnx");
        using var scorer = LoadDeclared(golden, new OnnxScorerOptions { OptimizationLevel = level, IntraOpThreads = threads, MaxBatch = 4 });
        Assert.Equal(4, scorer.MaxBatch);
        var probabilities = new float[8];
        scorer.Score(golden.ChannelMajorInput(), 8, probabilities);   // split into two runs of 4
        var expected = golden.TorchProbabilities();
        for (var i = 0; i < 8; i++)
        {
            Assert.True(Math.Abs(probabilities[i] - expected[i]) <= Tolerance, $"window {i}");
        }
    }

    [Fact]
    public void Example2_rebuilt_with_the_graph_builder_reproduces_pytorch()
    {
        // Same weights as PyTorch's export, graph written by OnnxGraphBuilder: checks the builder's
        // Conv, Relu, BatchNormalization, MaxPool, GlobalAveragePool, Flatten, Gemm and Sigmoid.
        var golden = GoldenCases.Named("seed_example2.onnx");
        var reference = ModelProto.Parser.ParseFrom(File.ReadAllBytes(golden.ModelPath));
        var weights = reference.Graph.Initializer.ToDictionary(t => t.Name, t => MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray());
        using var directory = new TempDirectory();
        var path = directory.File("rebuilt.onnx");
        ConvBatchNormNetwork.Build(golden.Channels, golden.Length, (name, shape) =>
        {
            Assert.Equal(reference.Graph.Initializer.Single(t => t.Name == name).Dims, shape);
            return weights[name];
        }).Save(path);

        using var scorer = OnnxWindowScorer.Load(path, new ModelSpec { Path = path, InputLayout = Core.Models.InputLayout.NCL, Output = Core.Models.OutputKind.Probability }, "test");
        var probabilities = new float[8];
        scorer.Score(golden.ChannelMajorInput(), 8, probabilities);
        var expected = golden.TorchProbabilities();
        for (var i = 0; i < 8; i++)
        {
            Assert.True(Math.Abs(probabilities[i] - expected[i]) <= Tolerance, $"window {i}: {probabilities[i]:R} vs {expected[i]:R}");
        }
    }

    private static OnnxWindowScorer LoadDeclared(GoldenCase golden, OnnxScorerOptions? options = null) =>
        OnnxWindowScorer.Load(golden.ModelPath, new ModelSpec { Path = golden.ModelPath, InputLayout = golden.Layout, Output = golden.Head }, "golden case declaration", options);
}
