using Microsoft.ML.OnnxRuntime;
using StreamClassifier.Core.Models;
using StreamClassifier.Onnx;
using StreamClassifier.Trainer.Export;
using StreamClassifier.Trainer.Networks;
using StreamClassifier.Trainer.Training;
using TorchSharp;
using StreamClassifier.Onnx.Cards;
using StreamClassifier.Onnx.Scoring;

namespace StreamClassifier.Trainer.Tests.Export;

public sealed class OnnxExportTests : IDisposable
{
    private const int Channels = 2;
    private const int Length = 40;
    private readonly ScratchDirectory scratch = new("sc-trainer-");

    // MiniRocket has no untrained form; it has its own parity tests below and on real UCR data.
    public static TheoryData<string> Architectures() => new(Enum.GetValues<Architecture>().Where(architecture => !architecture.IsClosedForm()).Select(architecture => architecture.ToString()));

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Onnx_Runtime_reproduces_the_eval_outputs_of_every_architecture(string architectureName)
    {
        var architecture = Enum.Parse<Architecture>(architectureName);
        using var network = WarmedUp(architecture, seed: 21);
        var path = scratch.File($"{architecture}.onnx");

        OnnxModelExporter.Export([network], path, Card(architecture.ToString()));

        var windows = SyntheticWindows.Noise(7 * Channels * Length, seed: 5);
        AssertClose(TorchProbabilities([network], windows, 7), OnnxProbabilities(path, windows, 7));
    }

    [Fact]
    public void Onnx_Runtime_reproduces_a_fitted_two_channel_MiniRocket()
    {
        var train = SyntheticWindows.Bumps(30, Channels, Length, seed: 9);
        using var network = MiniRocketFitter.Fit(train, featureCount: 84 * 10, seed: 4).Network;
        var path = scratch.File("minirocket.onnx");

        OnnxModelExporter.Export([network], path, Card("minirocket"));

        var windows = SyntheticWindows.Bumps(9, Channels, Length, seed: 10).Values;
        AssertClose(TorchProbabilities([network], windows, 9), OnnxProbabilities(path, windows, 9));
        using var session = new InferenceSession(path);
        Assert.Equal([-1, Channels, Length], session.InputMetadata[OnnxModelExporter.InputName].Dimensions);
        Assert.Contains("Greater", ModelNodes(path));
        Assert.DoesNotContain("Conv", ModelNodes(path));
    }

    [Fact]
    public void An_ensemble_exports_as_the_mean_of_its_members_in_one_graph()
    {
        using var first = WarmedUp(Architecture.ResNet, seed: 1);
        using var second = WarmedUp(Architecture.MultiKernelConv, seed: 2);
        using var third = WarmedUp(Architecture.ConvDense, seed: 3);
        var path = scratch.File("ensemble.onnx");

        OnnxModelExporter.Export([first, second, third], path, Card("ensemble"));

        var windows = SyntheticWindows.Noise(5 * Channels * Length, seed: 6);
        AssertClose(TorchProbabilities([first, second, third], windows, 5), OnnxProbabilities(path, windows, 5));
        using var session = new InferenceSession(path);
        Assert.Equal("Mean", ModelNodes(path).Last());
    }

    [Fact]
    public void A_trained_model_exports_with_its_card_in_metadata_and_beside_the_file()
    {
        var train = SyntheticWindows.Bumps(32, Channels, Length, seed: 1);
        using var model = ModelTrainer.Train(train, train, new TrainingOptions { Architecture = Architecture.Fcn, WidthScale = 0.25, Epochs = 2, Seed = 3, Threads = 1 });
        var card = Card("bumps") with
        {
            Threshold = 0.42,
            Training = new TrainingCard { Architecture = "Fcn", Seed = 3, Data = "synthetic bumps", LabelMapping = new Dictionary<string, int> { ["flat"] = 0, ["bump"] = 1 } },
            Metrics = new Dictionary<string, double> { ["accuracy"] = 0.9 },
        };
        var path = scratch.File("bumps.onnx");

        model.ExportOnnx(path, card);

        Assert.Equal(card.ToJson(), File.ReadAllText(scratch.File("bumps.card.json")).TrimEnd());
        using (var session = new InferenceSession(path))
        {
            Assert.Equal(card.ToJson(), session.ModelMetadata.CustomMetadataMap[ModelCard.MetadataKey]);
            var input = session.InputMetadata[OnnxModelExporter.InputName];
            Assert.Equal([-1, Channels, -1], input.Dimensions);
            Assert.Equal([-1, 1], session.OutputMetadata[OnnxModelExporter.OutputName].Dimensions);
        }

        var read = ModelCardReader.TryRead(path);
        Assert.NotNull(read);
        Assert.Equal(card.ToJson(), read.ToJson());

        // The worker's own scorer accepts the file and agrees with TorchSharp.
        using var scorer = OnnxWindowScorer.Load(path);
        Assert.Equal(OutputKind.Probability, scorer.Output);
        Assert.Equal(Length, scorer.WindowLength);
        var probabilities = new float[train.Count];
        scorer.Score(train.Values, train.Count, probabilities);
        AssertClose(model.PredictProbabilities(train), probabilities);
    }

    [Fact]
    public void A_card_that_disagrees_with_the_model_is_refused_with_every_mismatch_named()
    {
        using var network = WarmedUp(Architecture.ConvDense, seed: 1);
        var card = Card("wrong") with { Channels = 3, WindowLength = 99, Output = OutputKind.Logit };

        var error = Assert.Throws<ArgumentException>(() => OnnxModelExporter.Export([network], scratch.File("wrong.onnx"), card));

        Assert.Contains("channels is 3 but the network takes 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("window_length is 99 but the network was trained on 40", error.Message, StringComparison.Ordinal);
        Assert.Contains("output is Logit", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(scratch.File("wrong.onnx")));
    }

    public void Dispose() => scratch.Dispose();

    /// <summary>A network whose BatchNorm running statistics and biases are far from their initial values.</summary>
    private static ClassifierNetwork WarmedUp(Architecture architecture, int seed)
    {
        torch.manual_seed(seed);
        var network = NetworkFactory.Create(architecture, Channels, Length, widthScale: 0.25);
        network.train();
        using (torch.no_grad())
        {
            for (var step = 0; step < 5; step++)
            {
                using var scope = torch.NewDisposeScope();
                network.forward((torch.randn(8, Channels, Length) * 3) + 1);
            }
        }

        network.eval();
        return network;
    }

    private static ModelCard Card(string name) => new()
    {
        Name = name,
        Version = "1",
        InputLayout = InputLayout.NCL,
        Channels = Channels,
        WindowLength = Length,
        Output = OutputKind.Probability,
    };

    private static float[] TorchProbabilities(IReadOnlyList<ClassifierNetwork> members, float[] windows, int count)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = torch.tensor(windows, [count, Channels, Length]);
        var mean = members.Select(m => torch.sigmoid(m.forward(input))).Aggregate((a, b) => a + b) / members.Count;
        return mean.flatten().data<float>().ToArray();
    }

    private static float[] OnnxProbabilities(string path, float[] windows, int count) => ExportedModel.Probabilities(path, windows, count, Channels, Length);

    private static List<string> ModelNodes(string path)
        => StreamClassifier.Onnx.Proto.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Node.Select(n => n.OpType).ToList();

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var index = 0; index < expected.Length; index++)
        {
            Assert.True(Math.Abs(expected[index] - actual[index]) <= 1e-5, $"window {index}: TorchSharp {expected[index]:R}, ONNX Runtime {actual[index]:R}");
        }

        // A parity test on saturated outputs proves nothing: the networks must produce varied probabilities.
        Assert.True(expected.Max() - expected.Min() > 1e-3, $"outputs too uniform: {string.Join(", ", expected)}");
    }
}
