using StreamClassifier.Core.Models;
using StreamClassifier.Onnx.Export;
using StreamClassifier.Testing;

namespace StreamClassifier.Onnx.Tests;

public class BenchModelTests
{
    private const int Seed = 2026;   // BenchModels.Example2Seed in the benchmarks project

    [Fact]
    public void Committed_benchmark_model_is_the_seeded_example2_network_with_its_card()
    {
        var path = SharedPaths.Repo("models", "bench", "seed_example2_1x500.onnx");
        var card = SeedExample2Network.BenchCard(Seed);

        Assert.Equal(SeedExample2Network.BuildRandom(1, 500, Seed).ModelCard(card).ToByteArray(), File.ReadAllBytes(path));

        using var scorer = OnnxWindowScorer.Load(path);
        Assert.Equal((1, 500, InputLayout.NCL, OutputKind.Probability), (scorer.Channels, scorer.WindowLength, scorer.Layout, scorer.Output));
        Assert.Equal(card.ToJson(), scorer.Card!.ToJson());
        Assert.Contains("random weights", scorer.Card.Training!.Data, StringComparison.Ordinal);
    }
}
