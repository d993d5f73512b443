using StreamClassifier.Core.Models;
using StreamClassifier.Core.Topology;
using StreamClassifier.Onnx.Cards;
using StreamClassifier.Onnx.Export;

namespace StreamClassifier.Kafka.Tests.Chaos;

/// <summary>
/// Model versions for the hot-swap fault. Every version computes exactly the scores of the run's first
/// model (sigmoid(2 · mean(x) − 2)): the weights move a power of two between the convolution and the
/// dense layer, and scaling by a power of two is exact in floating point. So the offline oracle holds
/// whichever version scored a window, and a swap that lost or re-scored windows would still show.
/// </summary>
public static class ChaosModel
{
    /// <summary>Writes version <paramref name="version"/> beside <paramref name="modelPath"/> and renames it (card first) into place.</summary>
    public static void SwapIn(string modelPath, int version)
    {
        var folder = Path.GetDirectoryName(modelPath)!;
        var staged = Path.Combine(folder, "staged.onnx");
        var convWeight = version % 2 == 0 ? 1f : 2f;
        var builder = new OnnxGraphBuilder("chaos");
        var x = builder.Input("windows", "batch", 1, 32);
        var pooled = builder.Flatten(builder.GlobalAveragePool(builder.Conv(x, builder.Initializer("conv.weight", [convWeight], 1, 1, 1))));
        var z = builder.Gemm(pooled, builder.Initializer("dense.weight", [2f / convWeight], 1, 1), builder.Initializer("dense.bias", [-2f], 1));
        builder.Output(builder.Sigmoid(z, "score"), "batch", 1);
        builder.Save(staged);
        ModelCardWriter.WriteSidecar(staged, new ModelCard
        {
            Name = "chaos",
            Version = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            InputLayout = InputLayout.NCL,
            Channels = 1,
            WindowLength = 32,
            SampleRateHz = 250,
            Output = OutputKind.Probability,
            Preprocessing = new PreprocessingCard { Normalize = NormalizationKind.None },
        });
        File.Move(Path.Combine(folder, "staged.card.json"), Path.ChangeExtension(modelPath, ".card.json"), overwrite: true);
        File.Move(staged, modelPath, overwrite: true);
    }
}
