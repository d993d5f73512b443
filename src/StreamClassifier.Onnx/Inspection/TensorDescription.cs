namespace StreamClassifier.Onnx.Inspection;

/// <summary>A graph input or output as the ONNX file declares it.</summary>
/// <param name="Name">Value name.</param>
/// <param name="ElementType">Element type in ONNX spelling (<c>float</c>, <c>int64</c>, ...).</param>
/// <param name="Dimensions">Declared dimensions; empty when the file declares no shape.</param>
public sealed record TensorDescription(string Name, string ElementType, IReadOnlyList<TensorDimension> Dimensions)
{
    /// <summary>Number of dimensions.</summary>
    public int Rank => Dimensions.Count;

    /// <summary>The shape as text, e.g. <c>[batch, 1, 500]</c>.</summary>
    public string ShapeText => $"[{string.Join(", ", Dimensions)}]";

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {ElementType}{ShapeText}";
}
