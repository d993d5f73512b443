using StreamClassifier.Core.Models;
using StreamClassifier.Trainer.Networks;

namespace StreamClassifier.Trainer.Export;

/// <summary>Writes trained networks as one ONNX model with its model card.</summary>
public static class OnnxModelExporter
{
    /// <summary>Writes the ONNX file and the sidecar card.</summary>
    public static void Export(IReadOnlyList<ClassifierNetwork> members, string path, ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(card);
        throw new NotImplementedException("ONNX serialisation lands with the onnx branch's OnnxGraphBuilder.");
    }
}
