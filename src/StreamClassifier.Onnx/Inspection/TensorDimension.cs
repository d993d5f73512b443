using System.Globalization;

namespace StreamClassifier.Onnx.Inspection;

/// <summary>One dimension of a graph input or output: fixed (<see cref="Size"/>), symbolic (<see cref="Symbol"/>) or unknown (both null).</summary>
/// <param name="Size">Fixed size, or null.</param>
/// <param name="Symbol">Symbolic name (e.g. <c>batch</c>), or null.</param>
public sealed record TensorDimension(long? Size, string? Symbol)
{
    /// <summary>True when the size is fixed in the graph.</summary>
    public bool IsFixed => Size is not null;

    /// <inheritdoc />
    public override string ToString() => Size?.ToString(CultureInfo.InvariantCulture) ?? Symbol ?? "?";
}
