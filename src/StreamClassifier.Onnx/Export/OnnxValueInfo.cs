using StreamClassifier.Onnx.Proto;

namespace StreamClassifier.Onnx.Export;

/// <summary>The declaration of a graph input or output: a float32 tensor with fixed or symbolic dimensions.</summary>
internal static class OnnxValueInfo
{
    /// <summary>A float32 value named <paramref name="name"/> shaped <paramref name="shape"/>.</summary>
    public static ValueInfoProto Float(string name, IReadOnlyList<OnnxDim> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var tensorShape = new TensorShapeProto();
        foreach (var dim in shape)
        {
            tensorShape.Dim.Add(dim.Symbol is { } symbol
                ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = dim.Size ?? 0 });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = tensorShape } },
        };
    }
}
