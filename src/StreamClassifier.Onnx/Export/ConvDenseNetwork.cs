using StreamClassifier.Core.Models;
using StreamClassifier.Core.Topology;

namespace StreamClassifier.Onnx.Export;

/// <summary>
/// One convolution and a dense head (the product's seed example 1, its smallest classifier) as an ONNX graph:
/// Conv(32, k3) → ReLU → MaxPool(2) → Flatten → Dense(64) → ReLU → Dense(1) → Sigmoid. Node order and
/// parameter names follow PyTorch's export of the seed (<c>0.weight</c>, <c>4.weight</c>, <c>6.weight</c>),
/// as in <c>tests/Fixtures/reference/onnx/seed_example1.onnx</c>. Used as the "tiny model" of the Kafka throughput
/// benchmark, where the pipeline around the scorer rather than the scorer is what is measured.
/// </summary>
public static class ConvDenseNetwork
{
    /// <summary>Parameter names and shapes for <paramref name="channels"/> × <paramref name="windowLength"/> inputs, in export order.</summary>
    public static IReadOnlyList<(string Name, long[] Shape)> Parameters(int channels, int windowLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowLength, 4);
        return
        [
            ("0.weight", [32, channels, 3]), ("0.bias", [32]),
            ("4.weight", [64, FlattenedFeatures(windowLength)]), ("4.bias", [64]),
            ("6.weight", [1, 64]), ("6.bias", [1]),
        ];
    }

    /// <summary>Features after the convolution (no padding) and the pooling: 32 × ⌊(L − 2) / 2⌋.</summary>
    public static long FlattenedFeatures(int windowLength) => 32L * ((windowLength - 2) / 2);

    /// <summary>Builds the graph with the given weights.</summary>
    /// <param name="channels">Input channels.</param>
    /// <param name="windowLength">Samples per window (at least 4).</param>
    /// <param name="weights">Returns the values of a parameter given its name and shape (see <see cref="Parameters"/>).</param>
    /// <param name="graphName">Graph name.</param>
    /// <returns>A builder with input <c>input</c> [batch, channels, length] and output <c>output</c> [batch, 1] = P(class 1).</returns>
    public static OnnxGraphBuilder Build(int channels, int windowLength, Func<string, long[], float[]> weights, string graphName = "seed_example1")
    {
        ArgumentNullException.ThrowIfNull(weights);
        var (builder, parameters, x) = ConvNetworkSteps.Start(graphName, Parameters(channels, windowLength), weights, channels, windowLength);
        x = builder.MaxPool(x, [2]);
        ConvNetworkSteps.FlattenDenseHead(builder, x, parameters, "4", "6");
        return builder;
    }

    /// <summary>Builds the graph with reproducible random weights (PyTorch's default uniform ±1/√fan_in).</summary>
    public static OnnxGraphBuilder BuildRandom(int channels, int windowLength, int seed)
    {
        var random = new Random(seed);
        return Build(channels, windowLength, (name, shape) =>
        {
            var count = (int)shape.Aggregate(1L, (product, dim) => product * dim);
            var fanIn = name.StartsWith('0') ? channels * 3 : name.StartsWith('4') ? FlattenedFeatures(windowLength) : 64;
            var bound = 1 / Math.Sqrt(fanIn);
            var values = new float[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = (float)(((random.NextDouble() * 2) - 1) * bound);
            }

            return values;
        });
    }

    /// <summary>
    /// The card of the committed benchmark model <c>models/bench/seed_example1_1x250.onnx</c>: one channel
    /// of 250-sample windows at 250 Hz after a 0.5–40 Hz order-4 bandpass, hop 250, per-window z-score —
    /// the preprocessing of <c>topologies/bench-example1.yaml</c>. The card says the weights are random.
    /// </summary>
    public static ModelCard BenchCard(int seed) => new()
    {
        Name = "seed-example1-random-1x250",
        Version = seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        InputLayout = InputLayout.NCL,
        Channels = 1,
        WindowLength = 250,
        SampleRateHz = 250,
        Output = OutputKind.Probability,
        Threshold = 0.5,
        Preprocessing = new PreprocessingCard
        {
            Filters = [FilterSpec.Bandpass(0.5, 40, 4)],
            WindowHop = 250,
            Normalize = NormalizationKind.ZScore,
        },
        Training = new TrainingCard
        {
            Architecture = "seed example 1 (Conv32k3-ReLU-MaxPool2-Flatten-Dense64-ReLU-Dense1-Sigmoid)",
            Data = "none: random weights for benchmarking, not a trained model",
            Seed = seed,
        },
    };
}
