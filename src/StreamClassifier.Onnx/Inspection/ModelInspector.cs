using StreamClassifier.Onnx.Cards;
using StreamClassifier.Onnx.Proto;

namespace StreamClassifier.Onnx.Inspection;

/// <summary>Describes an ONNX model file: inputs, outputs, operator sets, metadata and card.</summary>
public static class ModelInspector
{
    /// <summary>Reads <paramref name="onnxPath"/> and describes it.</summary>
    /// <exception cref="InvalidModelException">The file is missing or not ONNX.</exception>
    /// <exception cref="Core.Models.ModelCardException">Its card is malformed or its two cards disagree.</exception>
    public static ModelDescription Describe(string onnxPath)
    {
        var model = OnnxModelFile.Read(onnxPath);
        return Describe(onnxPath, model);
    }

    internal static ModelDescription Describe(string onnxPath, ModelProto model)
    {
        var graph = model.Graph;
        var initializerNames = graph.Initializer.Select(tensor => tensor.Name).ToHashSet(StringComparer.Ordinal);
        long parameters = 0;
        foreach (var tensor in graph.Initializer)
        {
            parameters += tensor.Dims.Aggregate(1L, (product, dim) => product * dim);
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in model.MetadataProps)
        {
            metadata[entry.Key] = entry.Value;
        }

        return new ModelDescription
        {
            Path = onnxPath,
            IrVersion = model.IrVersion,
            Producer = $"{model.ProducerName} {model.ProducerVersion}".Trim(),
            OperatorSets = model.OpsetImport.GroupBy(opset => opset.Domain.Length == 0 ? "ai.onnx" : opset.Domain)
                .ToDictionary(group => group.Key, group => group.Max(opset => opset.Version), StringComparer.Ordinal),
            // IR < 4 lists initializers among the inputs; they are weights, not something to feed.
            Inputs = graph.Input.Where(input => !initializerNames.Contains(input.Name)).Select(Describe).ToList(),
            Outputs = graph.Output.Select(Describe).ToList(),
            NodeCount = graph.Node.Count,
            ParameterCount = parameters,
            Metadata = metadata,
            Card = ModelCardReader.TryReadLocated(onnxPath, model),
        };
    }

    private static TensorDescription Describe(ValueInfoProto value)
    {
        var tensorType = value.Type?.TensorType;
        if (tensorType is null)
        {
            return new TensorDescription(value.Name, value.Type is null ? "unknown" : "non-tensor", []);
        }

        var dims = tensorType.Shape?.Dim.Select(dim => dim.ValueCase switch
        {
            TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue => new TensorDimension(dim.DimValue, null),
            TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam => new TensorDimension(null, dim.DimParam),
            _ => new TensorDimension(null, null),
        }).ToList() ?? [];
        return new TensorDescription(value.Name, ElementTypeName(tensorType.ElemType), dims);
    }

    private static string ElementTypeName(int elementType) =>
        Enum.IsDefined(typeof(TensorProto.Types.DataType), elementType)
            ? ((TensorProto.Types.DataType)elementType).ToString().ToLowerInvariant()
            : $"type {elementType}";
}
