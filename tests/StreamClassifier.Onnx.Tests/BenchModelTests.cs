using StreamClassifier.Core.Models;
using StreamClassifier.Onnx.Export;
using StreamClassifier.Onnx.Scoring;
using StreamClassifier.Testing;

namespace StreamClassifier.Onnx.Tests;

public class BenchModelTests
{
    private const int Seed = 2026;   // BenchModels.Example2Seed in the benchmarks project
    private const int Example1Seed = 2027;   // BenchModels.Example1Seed in the benchmarks project

    [Fact]
    public void Committed_benchmark_model_is_the_seeded_example2_network_with_its_card()
    {
        var path = SharedPaths.Repo("models", "bench", "seed_example2_1x500.onnx");
        var card = ConvBatchNormNetwork.BenchCard(Seed);

        Assert.Equal(ConvBatchNormNetwork.BuildRandom(1, 500, Seed).ModelCard(card).ToByteArray(), File.ReadAllBytes(path));

        using var scorer = OnnxWindowScorer.Load(path);
        Assert.Equal((1, 500, InputLayout.NCL, OutputKind.Probability), (scorer.Channels, scorer.WindowLength, scorer.Layout, scorer.Output));
        Assert.Equal(card.ToJson(), scorer.Card!.ToJson());
        Assert.Contains("random weights", scorer.Card.Training!.Data, StringComparison.Ordinal);
    }

    [Fact]
    public void Committed_tiny_benchmark_model_is_the_seeded_example1_network_with_its_card()
    {
        var path = SharedPaths.Repo("models", "bench", "seed_example1_1x250.onnx");
        var card = ConvDenseNetwork.BenchCard(Example1Seed);
        Assert.Equal(ConvDenseNetwork.BuildRandom(1, 250, Example1Seed).ModelCard(card).ToByteArray(), File.ReadAllBytes(path));

        using var scorer = OnnxWindowScorer.Load(path);
        Assert.Equal((1, 250, InputLayout.NCL, OutputKind.Probability), (scorer.Channels, scorer.WindowLength, scorer.Layout, scorer.Output));
        Assert.Equal(card.ToJson(), scorer.Card!.ToJson());
        var probabilities = new float[2];
        scorer.Score(Enumerable.Range(0, 500).Select(i => (float)Math.Sin(i / 7.0)).ToArray(), 2, probabilities);
        Assert.All(probabilities, p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public void Example1_graph_has_the_seed_export_node_order()
    {
        var model = ConvDenseNetwork.BuildRandom(1, 100, 1).Build();

        Assert.Equal(["Conv", "Relu", "MaxPool", "Flatten", "Gemm", "Relu", "Gemm", "Sigmoid"], model.Graph.Node.Select(node => node.OpType));
        Assert.Equal([64L, 32 * 49], model.Graph.Initializer.Single(t => t.Name == "4.weight").Dims);
    }
}
