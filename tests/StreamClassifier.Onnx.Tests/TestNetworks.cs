using StreamClassifier.Core.Models;
using StreamClassifier.Onnx.Export;

namespace StreamClassifier.Onnx.Tests;

/// <summary>Small graphs with known weights, built with <see cref="OnnxGraphBuilder"/>.</summary>
internal static class TestNetworks
{
    /// <summary>Conv(1 filter over 2 channels, kernel 3, valid) → GlobalAveragePool → Flatten → Gemm(1→1): a logit.</summary>
    public static readonly float[] ConvWeight = [0.5f, -1f, 2f, 1.5f, 0.25f, -0.75f];   // [1, 2, 3]
    public const float ConvBias = 0.1f;
    public const float DenseWeight = 1.7f;
    public const float DenseBias = -0.3f;

    /// <summary>
    /// A two-channel, length-<paramref name="length"/> network. Its head is a logit, a probability
    /// (Sigmoid) or a softmax2 ([-z, z] → Softmax, whose column 1 equals sigmoid(2z)).
    /// </summary>
    public static OnnxGraphBuilder Small(OutputKind head, InputLayout layout = InputLayout.NCL, OnnxDim? batch = null, int length = 8, bool declareOutputColumns = true)
    {
        var builder = new OnnxGraphBuilder("small");
        var batchDim = batch ?? "batch";
        OnnxDim lengthDim = length == 0 ? "length" : length;   // 0 = symbolic length
        var x = layout == InputLayout.NCL
            ? builder.Input("windows", batchDim, 2, lengthDim)
            : builder.Transpose(builder.Input("windows", batchDim, lengthDim, 2), [0, 2, 1]);
        var w = builder.Initializer("conv.weight", ConvWeight, 1, 2, 3);
        var b = builder.Initializer("conv.bias", [ConvBias], 1);
        var h = builder.Flatten(builder.GlobalAveragePool(builder.Conv(x, w, b)));
        var z = builder.Gemm(h, builder.Initializer("dense.weight", [DenseWeight], 1, 1), builder.Initializer("dense.bias", [DenseBias], 1));
        OnnxDim columns = declareOutputColumns ? (head == OutputKind.Softmax2 ? 2 : 1) : "columns";
        switch (head)
        {
            case OutputKind.Logit:
                builder.Output(builder.Identity(z, "score"), batchDim, columns);
                break;
            case OutputKind.Probability:
                builder.Output(builder.Sigmoid(z, "score"), batchDim, columns);
                break;
            default:
                var negated = builder.Mul(z, builder.Scalar("minus_one", -1f));
                builder.Output(builder.Softmax(builder.Concat([negated, z], axis: 1), axis: 1, output: "score"), batchDim, columns);
                break;
        }

        return builder;
    }

    /// <summary>The logit of <see cref="Small"/> for one channel-major window, computed by hand in double precision.</summary>
    public static double Logit(ReadOnlySpan<float> window, int length)
    {
        var outputs = length - 2;
        double sum = 0;
        for (var t = 0; t < outputs; t++)
        {
            double y = ConvBias;
            for (var channel = 0; channel < 2; channel++)
            {
                for (var k = 0; k < 3; k++)
                {
                    y += ConvWeight[(channel * 3) + k] * window[(channel * length) + t + k];
                }
            }

            sum += y;
        }

        return (DenseWeight * (sum / outputs)) + DenseBias;
    }

    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>Deterministic pseudo-random windows.</summary>
    public static float[] Windows(int count, int valuesPerWindow, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count * valuesPerWindow).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
    }

    /// <summary>A minimal card for a model of <paramref name="channels"/> × <paramref name="length"/>.</summary>
    public static ModelCard Card(int channels = 2, int length = 8, InputLayout layout = InputLayout.NCL, OutputKind output = OutputKind.Logit, double? sampleRateHz = 100) => new()
    {
        Name = "small",
        Version = "7",
        InputLayout = layout,
        Channels = channels,
        WindowLength = length,
        SampleRateHz = sampleRateHz,
        Output = output,
        Threshold = 0.6,
    };
}
