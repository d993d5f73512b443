using StreamClassifier.Onnx.Export;
using StreamClassifier.Onnx.Scoring;
using StreamClassifier.Testing;

namespace StreamClassifier.Onnx.Tests;

public class StreamableBenchModelTests
{
    public static TheoryData<string, int, int, int> Configurations()
    {
        var data = new TheoryData<string, int, int, int>();
        foreach (var (stem, length, hop, pool) in StreamableBenchModels.Configurations)
        {
            data.Add(stem, length, hop, pool);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Committed_streamable_benchmark_model_is_the_seeded_network_and_streams_with_its_hop(string stem, int length, int hop, int pool)
    {
        var path = SharedPaths.Repo("models", "bench", stem + ".onnx");
        var card = StreamableBenchModels.Card(stem, length, hop, pool);
        var bytes = StreamableBenchModels.Build(length, pool).ModelCard(card).ToByteArray();
        if (Environment.GetEnvironmentVariable("STREAMCLASSIFIER_WRITE_BENCH_MODELS") == "1")
        {
            StreamableBenchModels.Build(length, pool).Save(path, card);
        }

        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.NotNull(card.Streaming);
        Assert.True(card.Streaming.Allows(hop));
        using var scorer = OnnxWindowScorer.Load(path, options: new OnnxScorerOptions { StreamingHop = hop });
        Assert.True(scorer.IsStreaming, scorer.StreamingStatus);
        Assert.Equal(card.ToJson(), scorer.Card!.ToJson());
    }
}
