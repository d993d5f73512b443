using StreamClassifier.Core.Models;
using StreamClassifier.Onnx.Scoring;
using StreamClassifier.Trainer.Export;
using StreamClassifier.Trainer.Networks;
using TorchSharp;

namespace StreamClassifier.Trainer.Tests.Export;

/// <summary>
/// Valid-padding stacks export as streamable models whose card lists the hops, and the worker's streaming
/// scorer reproduces TorchSharp's forward pass on whole windows for every one of those hops, on random
/// and on trained weights.
/// </summary>
public sealed class StreamingExportTests : IDisposable
{
    private const int Channels = 2;
    private const int Length = 40;
    private const int Sensors = 3;
    private const int WindowsPerSensor = 4;
    private readonly ScratchDirectory scratch = new("sc-streaming-");

    public static TheoryData<string, bool> Stacks() => new()
    {
        { """{"filters": [6, 8], "kernel_sizes": [5, 3], "activation": "gelu", "dropout": 0.1, "batch_norm": true, "pool": 2, "head": "dense", "padding": "valid"}""", false },
        { """{"filters": [6, 8], "kernel_sizes": [5, 3], "activation": "relu", "dropout": 0.1, "batch_norm": true, "pool": 2, "head": "global_average", "padding": "valid"}""", true },
        { """{"filters": [5, 7], "kernel_sizes": [3, 4], "activation": "elu", "dropout": 0, "batch_norm": false, "pool": 1, "head": "global_max", "padding": "valid"}""", false },
        { """{"filters": [8, 8], "kernel_sizes": [4, 3], "activation": "leaky_relu", "dropout": 0.1, "batch_norm": true, "pool": 2, "head": "dense", "padding": "valid"}""", true },
    };

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Streaming_scores_equal_TorchSharp_on_whole_windows_for_every_hop_the_card_allows(string json, bool trained)
    {
        var spec = System.Text.Json.JsonSerializer.Deserialize<ConvStackSpec>(json, StreamClassifier.Trainer.Training.TrainingConfig.JsonOptions)!;
        torch.manual_seed(5);
        using var network = new ConfigurableConv1D(Channels, Length, spec);
        Prepare(network, trained);
        var path = scratch.File("stream.onnx");
        OnnxModelExporter.Export([network], path, new ModelCard { Name = "stream", Version = "1", InputLayout = InputLayout.NCL, Channels = Channels, WindowLength = Length, Output = OutputKind.Probability });

        var card = ModelCard.Parse(File.ReadAllText(scratch.File("stream.card.json")), "sidecar").Streaming;
        Assert.NotNull(card);
        Assert.Equal(spec.Pool * spec.Pool, card.HopMultiple);
        var hops = Enumerable.Range(1, card.MaxHop / card.HopMultiple).Select(k => k * card.HopMultiple).ToList();
        Assert.NotEmpty(hops);
        foreach (var hop in hops)
        {
            var windows = Windows(hop, seed: hop);
            var expected = TorchProbabilities(network, windows);
            using var scorer = OnnxWindowScorer.Load(path, options: new OnnxScorerOptions { StreamingHop = hop });
            Assert.True(scorer.IsStreaming, scorer.StreamingStatus);
            var actual = new float[expected.Length];
            for (var round = 0; round < WindowsPerSensor; round++)
            {
                scorer.Score(windows.AsSpan(round * Sensors * Channels * Length, Sensors * Channels * Length), Sensors, actual.AsSpan(round * Sensors, Sensors));
            }

            Assert.Equal(Sensors * (WindowsPerSensor - 1), scorer.SteppedWindows);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"hop {hop}, window {i}: TorchSharp {expected[i]:R}, streaming {actual[i]:R}");
            }
        }
    }

    [Fact]
    public void Same_padding_exports_without_a_streaming_claim()
    {
        torch.manual_seed(6);
        using var network = new ConfigurableConv1D(Channels, Length, new ConvStackSpec { Filters = [4], KernelSizes = [3] });
        network.eval();
        var path = scratch.File("same.onnx");
        OnnxModelExporter.Export([network], path, new ModelCard { Name = "same", Version = "1", InputLayout = InputLayout.NCL, Channels = Channels, WindowLength = Length, Output = OutputKind.Probability });

        Assert.Null(ModelCard.Parse(File.ReadAllText(scratch.File("same.card.json")), "sidecar").Streaming);
    }

    public void Dispose() => scratch.Dispose();

    // Round-major: round k holds window k of every sensor; a sensor's windows are one hop apart.
    private static float[] Windows(int hop, int seed)
    {
        var samples = Length + ((WindowsPerSensor - 1) * hop);
        var signals = Enumerable.Range(0, Sensors).Select(sensor => SyntheticWindows.Noise(Channels * samples, seed + sensor)).ToList();
        var windows = new float[WindowsPerSensor * Sensors * Channels * Length];
        for (var round = 0; round < WindowsPerSensor; round++)
        {
            for (var sensor = 0; sensor < Sensors; sensor++)
            {
                for (var channel = 0; channel < Channels; channel++)
                {
                    Array.Copy(signals[sensor], (channel * samples) + (round * hop), windows, (((round * Sensors) + sensor) * Channels * Length) + (channel * Length), Length);
                }
            }
        }

        return windows;
    }

    private static float[] TorchProbabilities(ConfigurableConv1D network, float[] windows)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var count = windows.Length / (Channels * Length);
        return torch.sigmoid(network.forward(torch.tensor(windows, [count, Channels, Length]))).flatten().data<float>().ToArray();
    }

    // Random weights with non-trivial BatchNorm statistics, or a few optimiser steps on bump windows.
    private static void Prepare(ConfigurableConv1D network, bool trained)
    {
        network.train();
        var data = SyntheticWindows.Bumps(64, Channels, Length, seed: 3);
        using var optimizer = torch.optim.Adam(network.parameters(), 0.01);
        for (var step = 0; step < (trained ? 30 : 5); step++)
        {
            using var scope = torch.NewDisposeScope();
            var input = torch.tensor(data.Values, [data.Count, Channels, Length]);
            if (!trained)
            {
                using var noGrad = torch.no_grad();
                network.forward((input * 3) + 1);
                continue;
            }

            optimizer.zero_grad();
            var labels = torch.tensor(data.Labels.Select(label => (float)label).ToArray(), [data.Count, 1]);
            torch.nn.functional.binary_cross_entropy_with_logits(network.forward(input), labels).backward();
            optimizer.step();
        }

        network.eval();
    }
}
