using StreamClassifier.Core.Models;
using StreamClassifier.Onnx.Inspection;

namespace StreamClassifier.Fuzz.Targets;

/// <summary>An ONNX model file as <c>inspect-model</c> reads it: protobuf, graph checks, metadata card.</summary>
public sealed class OnnxInspectionTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "onnx-inspect";

    /// <inheritdoc />
    public override bool Run(byte[] input)
    {
        var path = ScratchFiles.Write("inspect.onnx", input);
        try
        {
            _ = ModelInspector.Describe(path);
            return true;
        }
        catch (Exception ex) when (ex is InvalidModelException or ModelCardException)
        {
            return false;
        }
    }
}
