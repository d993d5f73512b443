using Google.Protobuf;
using StreamClassifier.Core.Models;
using StreamClassifier.Onnx.Cards;
using StreamClassifier.Onnx.Proto;

namespace StreamClassifier.Fuzz.Targets;

/// <summary>
/// A model card: the input is the sidecar <c>&lt;stem&gt;.card.json</c> of a minimal valid ONNX model, read
/// through <see cref="ModelCardReader"/> (parse and validation).
/// </summary>
public sealed class ModelCardTarget : FuzzTarget
{
    private static readonly Lazy<string> ModelPath = new(() => ScratchFiles.Write("card-model.onnx", MinimalModel().ToByteArray()));

    /// <inheritdoc />
    public override string Name => "model-card";

    /// <inheritdoc />
    public override bool Run(byte[] input)
    {
        var modelPath = ModelPath.Value;
        ScratchFiles.Write(Path.GetFileName(ModelCardReader.SidecarPath(modelPath)), input);
        try
        {
            return ModelCardReader.TryRead(modelPath) is not null;
        }
        catch (ModelCardException)
        {
            return false;
        }
    }

    /// <summary>An Identity graph: enough for <see cref="ModelCardReader"/> to accept the file as ONNX.</summary>
    private static ModelProto MinimalModel()
    {
        var graph = new GraphProto { Name = "identity" };
        graph.Node.Add(new NodeProto { OpType = "Identity", Input = { "x" }, Output = { "y" } });
        graph.Input.Add(new ValueInfoProto { Name = "x" });
        graph.Output.Add(new ValueInfoProto { Name = "y" });
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 17 });
        return model;
    }
}
