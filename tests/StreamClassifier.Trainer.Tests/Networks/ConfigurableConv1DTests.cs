using StreamClassifier.Core.Models;
using StreamClassifier.Trainer.Export;
using StreamClassifier.Trainer.Networks;
using TorchSharp;

namespace StreamClassifier.Trainer.Tests.Networks;

public sealed class ConfigurableConv1DTests : IDisposable
{
    private const int Channels = 2;
    private const int Length = 40;
    private readonly ScratchDirectory scratch = new("sc-convstack-");

    public static TheoryData<string> Stacks() => new(
        """{"filters": [8, 12], "kernel_sizes": [7, 4], "activation": "gelu", "dropout": 0.2, "batch_norm": true, "pool": 2, "head": "dense"}""",
        """{"filters": [6, 6, 10], "kernel_sizes": [3, 5, 9], "activation": "elu", "dropout": 0, "batch_norm": false, "pool": 1, "head": "global_average"}""",
        """{"filters": [5], "kernel_sizes": [6], "activation": "leaky_relu", "dropout": 0.5, "batch_norm": true, "pool": 3, "head": "global_average"}""",
        """{"filters": [4, 8], "kernel_sizes": [5, 5], "activation": "tanh", "dropout": 0.1, "batch_norm": true, "pool": 1, "head": "dense"}""",
        """{"filters": [8, 8], "kernel_sizes": [2, 3], "activation": "relu", "dropout": 0.1, "batch_norm": true, "pool": 2, "head": "dense"}""");

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Onnx_Runtime_reproduces_TorchSharp_for_every_activation_head_and_pooling(string json)
    {
        var spec = System.Text.Json.JsonSerializer.Deserialize<ConvStackSpec>(json, StreamClassifier.Trainer.Training.TrainingConfig.JsonOptions)!;
        torch.manual_seed(11);
        using var network = new ConfigurableConv1D(Channels, Length, spec);
        WarmUp(network);
        var path = scratch.File("stack.onnx");

        OnnxModelExporter.Export([network], path, new ModelCard { Name = "stack", Version = "1", InputLayout = InputLayout.NCL, Channels = Channels, WindowLength = Length, Output = OutputKind.Probability });

        var windows = SyntheticWindows.Noise(9 * Channels * Length, seed: 8);
        float[] expected;
        using (torch.NewDisposeScope())
        using (torch.no_grad())
        {
            expected = torch.sigmoid(network.forward(torch.tensor(windows, [9, Channels, Length]))).flatten().data<float>().ToArray();
        }

        var actual = ExportedModel.Probabilities(path, windows, 9, Channels, Length);
        for (var index = 0; index < expected.Length; index++)
        {
            Assert.True(Math.Abs(expected[index] - actual[index]) <= 1e-5, $"window {index}: TorchSharp {expected[index]:R}, ONNX Runtime {actual[index]:R}");
        }

        Assert.True(expected.Max() - expected.Min() > 1e-3, $"outputs too uniform: {string.Join(", ", expected)}");
        Assert.Equal(spec.Head == ConvHead.Dense, network.RequiresFixedLength);
    }

    [Fact]
    public void The_stack_follows_the_spec_and_the_width_scale()
    {
        using var network = new ConfigurableConv1D(3, 64, new ConvStackSpec { Filters = [10, 20], KernelSizes = [5, 3], Pool = 2, Head = ConvHead.Dense, BatchNorm = true }, widthScale: 0.5);

        var shapes = network.named_parameters().ToDictionary(entry => entry.name, entry => entry.parameter.shape);

        Assert.Equal([5L, 3, 5], shapes["convs.0.weight"]);
        Assert.Equal([10L, 5, 3], shapes["convs.1.weight"]);
        Assert.Equal([10L], shapes["norms.1.weight"]);
        Assert.Equal([1L, 10 * 16], shapes["output.weight"]); // 64 → 32 → 16 samples after two poolings
    }

    [Fact]
    public void A_stack_that_pools_the_window_away_is_refused_with_the_fix()
    {
        var error = Assert.Throws<ArgumentException>(() => new ConfigurableConv1D(1, 10, new ConvStackSpec { Filters = [4, 4, 4, 4], KernelSizes = [3, 3, 3, 3], Pool = 2 }));

        Assert.StartsWith("network.pool: pooling by 2 after each of 4 layers leaves nothing of a 10-sample window", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => scratch.Dispose();

    private static void WarmUp(ConfigurableConv1D network)
    {
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
    }
}
