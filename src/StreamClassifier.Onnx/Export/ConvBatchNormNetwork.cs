using StreamClassifier.Core.Models;
using StreamClassifier.Core.Topology;

namespace StreamClassifier.Onnx.Export;

/// <summary>
/// Two convolutions with batch normalisation (the product's seed example 2) as an ONNX graph: Conv(64, k5) → ReLU → BatchNorm → MaxPool(2) →
/// Conv(128, k3) → ReLU → BatchNorm → GlobalAveragePool → Dense(128) → ReLU → Dense(1) → Sigmoid
/// (dropout is the identity at inference and is left out). Node order and parameter names follow
/// PyTorch's export of the seed (<c>0.weight</c>, <c>2.running_mean</c>, ...), so weights from a
/// trained <c>nn.Sequential</c> drop straight in. Used for benchmarks on arbitrary channel counts and
/// window lengths, and as a worked example of <see cref="OnnxGraphBuilder"/>.
/// </summary>
public static class ConvBatchNormNetwork
{
    /// <summary>Parameter names and shapes for <paramref name="channels"/> input channels, in export order.</summary>
    public static IReadOnlyList<(string Name, long[] Shape)> Parameters(int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        return
        [
            ("0.weight", [64, channels, 5]), ("0.bias", [64]),
            ("2.weight", [64]), ("2.bias", [64]), ("2.running_mean", [64]), ("2.running_var", [64]),
            ("5.weight", [128, 64, 3]), ("5.bias", [128]),
            ("7.weight", [128]), ("7.bias", [128]), ("7.running_mean", [128]), ("7.running_var", [128]),
            ("10.weight", [128, 128]), ("10.bias", [128]),
            ("13.weight", [1, 128]), ("13.bias", [1]),
        ];
    }

    /// <summary>Builds the graph with the given weights.</summary>
    /// <param name="channels">Input channels.</param>
    /// <param name="windowLength">Samples per window (at least 10: two convolutions and a pooling).</param>
    /// <param name="weights">Returns the values of a parameter given its name and shape (see <see cref="Parameters"/>).</param>
    /// <param name="graphName">Graph name.</param>
    /// <returns>A builder with input <c>input</c> [batch, channels, length] and output <c>output</c> [batch, 1] = P(class 1).</returns>
    public static OnnxGraphBuilder Build(int channels, int windowLength, Func<string, long[], float[]> weights, string graphName = "seed_example2")
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowLength, 10);
        var (builder, parameters, x) = ConvNetworkSteps.Start(graphName, Parameters(channels), weights, channels, windowLength);
        x = ConvNetworkSteps.BatchNormalization(builder, x, parameters, "2");
        x = builder.MaxPool(x, [2]);
        x = ConvNetworkSteps.ConvRelu(builder, x, parameters, "5");
        x = ConvNetworkSteps.BatchNormalization(builder, x, parameters, "7");
        x = builder.GlobalAveragePool(x);
        ConvNetworkSteps.FlattenDenseHead(builder, x, parameters, "10", "13");
        return builder;
    }

    /// <summary>
    /// Builds the graph with reproducible random weights: PyTorch's default uniform ±1/√fan_in for
    /// convolutions and dense layers, and plausible (non-identity) batch-norm statistics.
    /// </summary>
    public static OnnxGraphBuilder BuildRandom(int channels, int windowLength, int seed)
    {
        var random = new Random(seed);
        return Build(channels, windowLength, (name, shape) =>
        {
            var count = (int)shape.Aggregate(1L, (product, dim) => product * dim);
            var values = new float[count];
            double Uniform(double low, double high) => low + ((high - low) * random.NextDouble());
            var bound = name.StartsWith('0') ? 1 / Math.Sqrt(channels * 5)
                : name.StartsWith('5') ? 1 / Math.Sqrt(64 * 3)
                : 1 / Math.Sqrt(128);
            for (var i = 0; i < count; i++)
            {
                values[i] = (float)(name switch
                {
                    _ when name.EndsWith("running_var", StringComparison.Ordinal) => Uniform(0.5, 1.5),
                    _ when name.EndsWith("running_mean", StringComparison.Ordinal) => Uniform(-0.1, 0.1),
                    "2.weight" or "7.weight" => Uniform(0.8, 1.2),
                    "2.bias" or "7.bias" => Uniform(-0.1, 0.1),
                    _ => Uniform(-bound, bound),
                });
            }

            return values;
        });
    }

    /// <summary>
    /// The card of the committed benchmark model <c>models/bench/seed_example2_1x500.onnx</c>: one channel
    /// of 500-sample windows at 250 Hz after a 0.5–40 Hz order-4 bandpass, hop 125, per-window z-score —
    /// the preprocessing of <c>topologies/bench-example2.yaml</c>, so the worker's start-up checks pass.
    /// </summary>
    public static ModelCard BenchCard(int seed) => RandomCard(1, 500, seed, 250) with
    {
        Preprocessing = new PreprocessingCard
        {
            Filters = [FilterSpec.Bandpass(0.5, 40, 4)],
            WindowHop = 125,
            Normalize = NormalizationKind.ZScore,
        },
    };

    /// <summary>
    /// The card for a <see cref="BuildRandom"/> network: it says plainly that the weights are random,
    /// so nobody mistakes a benchmark model for a trained one.
    /// </summary>
    public static ModelCard RandomCard(int channels, int windowLength, int seed, double? sampleRateHz = null) => new()
    {
        Name = $"seed-example2-random-{channels}x{windowLength}",
        Version = seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        InputLayout = InputLayout.NCL,
        Channels = channels,
        WindowLength = windowLength,
        SampleRateHz = sampleRateHz,
        Output = OutputKind.Probability,
        Threshold = 0.5,
        Preprocessing = new PreprocessingCard { Normalize = NormalizationKind.ZScore },
        Training = new TrainingCard
        {
            Architecture = "seed example 2 (Conv64k5-ReLU-BN-MaxPool2-Conv128k3-ReLU-BN-GAP-Dense128-ReLU-Dense1-Sigmoid)",
            Data = "none: random weights for benchmarking, not a trained model",
            Seed = seed,
        },
    };
}
