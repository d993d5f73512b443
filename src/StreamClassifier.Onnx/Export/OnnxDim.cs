namespace StreamClassifier.Onnx.Export;

/// <summary>
/// One dimension of a graph input or output: a fixed size or a symbolic name (for example
/// <c>"batch"</c>) that the runtime binds at each run. Converts implicitly from <see cref="long"/>
/// and <see cref="string"/>, so shapes read naturally: <c>builder.Input("x", "batch", 1, 500)</c>.
/// </summary>
public readonly record struct OnnxDim
{
    private OnnxDim(long? size, string? symbol)
    {
        Size = size;
        Symbol = symbol;
    }

    /// <summary>The fixed size, or null when the dimension is symbolic.</summary>
    public long? Size { get; }

    /// <summary>The symbolic name, or null when the dimension is fixed.</summary>
    public string? Symbol { get; }

    /// <summary>A fixed dimension.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative.</exception>
    public static OnnxDim Fixed(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return new OnnxDim(size, null);
    }

    /// <summary>A symbolic dimension.</summary>
    /// <exception cref="ArgumentException"><paramref name="symbol"/> is empty.</exception>
    public static OnnxDim Symbolic(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        return new OnnxDim(null, symbol);
    }

    /// <summary>A fixed dimension.</summary>
    public static implicit operator OnnxDim(long size) => Fixed(size);

    /// <summary>A symbolic dimension.</summary>
    public static implicit operator OnnxDim(string symbol) => Symbolic(symbol);

    /// <summary>A fixed dimension (named alternative to the implicit conversion).</summary>
    public static OnnxDim FromInt64(long size) => Fixed(size);

    /// <summary>A symbolic dimension (named alternative to the implicit conversion).</summary>
    public static OnnxDim FromString(string symbol) => Symbolic(symbol);

    /// <inheritdoc />
    public override string ToString() => Symbol ?? Size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";
}
