using System.Globalization;
using StreamClassifier.Core.Models;
using StreamClassifier.Onnx.Streaming;

namespace StreamClassifier.Onnx.Export;

/// <summary>One block of a <see cref="StreamableConvNetwork"/>: valid Conv → BatchNorm → ReLU → optional max pooling.</summary>
/// <param name="Filters">Output channels.</param>
/// <param name="Kernel">Kernel size.</param>
/// <param name="Dilation">Dilation.</param>
/// <param name="Pool">Max pooling window and stride (1 = none).</param>
public sealed record StreamableBlock(int Filters, int Kernel, int Dilation = 1, int Pool = 1);

/// <summary>The head of a <see cref="StreamableConvNetwork"/> over the window's feature columns.</summary>
public enum StreamableHead
{
    /// <summary>Global average pooling → Dense(1).</summary>
    GlobalAverage,

    /// <summary>Global max pooling → Dense(1).</summary>
    GlobalMax,

    /// <summary>Flatten every column → Dense(16) → ReLU → Dense(1): position-aware.</summary>
    Dense,
}

/// <summary>
/// A streamable Conv1D classifier with random weights (see <see cref="StreamableGraph"/>): blocks of valid
/// convolutions, eval-mode BatchNorm, ReLU and max pooling, then a head over the feature columns and a
/// sigmoid. Used for the streaming benchmarks and tests; weights follow PyTorch's default initialisation.
/// </summary>
public static class StreamableConvNetwork
{
    /// <summary>Builds the graph: input <c>input</c> [batch, channels, windowLength], output <c>probability</c> [batch, 1].</summary>
    public static OnnxGraphBuilder BuildRandom(int channels, int windowLength, IReadOnlyList<StreamableBlock> blocks, StreamableHead head, int seed, string graphName = "streamable")
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var random = new Random(seed);
        var builder = new OnnxGraphBuilder(graphName);
        var x = builder.Input("input", "batch", channels, windowLength);
        long inputs = channels;
        long columns = windowLength;
        for (var index = 0; index < blocks.Count; index++)
        {
            var block = blocks[index];
            var name = $"block{index}";
            var weight = builder.Initializer($"{name}.conv.weight", Uniform(random, block.Filters * inputs * block.Kernel, inputs * block.Kernel), block.Filters, inputs, block.Kernel);
            var bias = builder.Initializer($"{name}.conv.bias", Uniform(random, block.Filters, inputs * block.Kernel), block.Filters);
            x = builder.Conv(x, weight, bias, pads: [0, 0], dilations: [block.Dilation]);
            x = BatchNorm(builder, random, x, name, block.Filters);
            x = builder.Relu(x);
            columns -= (long)(block.Kernel - 1) * block.Dilation;
            if (block.Pool > 1)
            {
                x = builder.MaxPool(x, [block.Pool]);
                columns /= block.Pool;
            }

            inputs = block.Filters;
        }

        if (columns < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The blocks leave no columns of a {windowLength}-sample window."), nameof(blocks));
        }

        WriteHead(builder, random, x, head, inputs, columns);
        return builder;
    }

    /// <summary>
    /// A card for a <see cref="BuildRandom"/> network that says plainly the weights are random, with the
    /// streaming hops its graph allows, <paramref name="hop"/> as the window hop and fixed normalisation
    /// (zero mean, unit std) so overlapping windows share their samples.
    /// </summary>
    public static ModelCard RandomCard(OnnxGraphBuilder network, string name, int channels, int windowLength, int hop, double sampleRateHz, int seed, string architecture)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new ModelCard
        {
            Name = name,
            Version = seed.ToString(CultureInfo.InvariantCulture),
            InputLayout = InputLayout.NCL,
            Channels = channels,
            WindowLength = windowLength,
            SampleRateHz = sampleRateHz,
            Output = OutputKind.Probability,
            Preprocessing = new PreprocessingCard
            {
                WindowHop = hop,
                Normalize = Core.Topology.NormalizationKind.Fixed,
                Mean = [.. Enumerable.Repeat(0.0, channels)],
                Std = [.. Enumerable.Repeat(1.0, channels)],
            },
            Streaming = StreamableGraph.Analyze(network.Build(), windowLength).ToCard(),
            Training = new TrainingCard { Architecture = architecture, Data = "none: random weights for benchmarking, not a trained model", Seed = seed },
        };
    }

    private static string BatchNorm(OnnxGraphBuilder builder, Random random, string x, string name, int filters) => builder.BatchNormalization(
        x,
        builder.Initializer($"{name}.bn.weight", Range(random, filters, 0.8, 1.2), filters),
        builder.Initializer($"{name}.bn.bias", Range(random, filters, -0.1, 0.1), filters),
        builder.Initializer($"{name}.bn.running_mean", Range(random, filters, -0.1, 0.1), filters),
        builder.Initializer($"{name}.bn.running_var", Range(random, filters, 0.5, 1.5), filters));

    private static void WriteHead(OnnxGraphBuilder builder, Random random, string x, StreamableHead head, long filters, long columns)
    {
        string logit;
        if (head == StreamableHead.Dense)
        {
            var features = filters * columns;
            var flat = builder.Flatten(x);
            var hidden = builder.Gemm(flat, builder.Initializer("head.hidden.weight", Uniform(random, 16 * features, features), 16, features), builder.Initializer("head.hidden.bias", Uniform(random, 16, features), 16));
            logit = builder.Gemm(builder.Relu(hidden), builder.Initializer("head.output.weight", Uniform(random, 16, 16), 1, 16), builder.Initializer("head.output.bias", Uniform(random, 1, 16), 1));
        }
        else
        {
            var pooled = builder.Flatten(head == StreamableHead.GlobalMax ? builder.GlobalMaxPool(x) : builder.GlobalAveragePool(x));
            logit = builder.Gemm(pooled, builder.Initializer("head.output.weight", Uniform(random, filters, filters), 1, filters), builder.Initializer("head.output.bias", Uniform(random, 1, filters), 1));
        }

        builder.Output(builder.Sigmoid(logit, "probability"), "batch", 1);
    }

    // PyTorch's default: uniform ±1/√fan_in.
    private static float[] Uniform(Random random, long count, long fanIn) => Range(random, count, -1 / Math.Sqrt(fanIn), 1 / Math.Sqrt(fanIn));

    private static float[] Range(Random random, long count, double low, double high)
    {
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(low + ((high - low) * random.NextDouble()));
        }

        return values;
    }
}
