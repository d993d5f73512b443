namespace StreamClassifier.Onnx.Streaming;

/// <summary>
/// A trunk node that reads a span of columns (a convolution or a pooling without padding), with the
/// column arithmetic of a whole window: over <see cref="InputColumns"/> input columns it produces
/// <see cref="OutputColumns"/> = ⌊(input − span) / stride⌋ + 1, and the last <see cref="CarriedColumns"/>
/// input columns are the ones the next window's new outputs read again — the layer's carried state.
/// </summary>
/// <param name="NodeIndex">Index of the node in the graph.</param>
/// <param name="Input">Name of the value it reads.</param>
/// <param name="Channels">Channels of that value.</param>
/// <param name="Span">Columns one output reads: (kernel − 1) · dilation + 1.</param>
/// <param name="Stride">Columns between consecutive outputs.</param>
/// <param name="InputStride">Window samples per input column (product of the strides before it).</param>
/// <param name="InputColumns">Input columns over a whole window.</param>
/// <param name="MacsPerOutputColumn">Multiply-adds per output column (a convolution's filters × inputs per group × kernel; 0 for pooling).</param>
public sealed record WindowedLayer(int NodeIndex, string Input, long Channels, long Span, long Stride, long InputStride, long InputColumns, long MacsPerOutputColumn)
{
    /// <summary>Output columns over a whole window.</summary>
    public long OutputColumns => ((InputColumns - Span) / Stride) + 1;

    /// <summary>Input columns carried from one window to the next (those after the last output's start).</summary>
    public long CarriedColumns => InputColumns - (OutputColumns * Stride);

    /// <summary>Input columns one hop of <paramref name="hop"/> window samples brings.</summary>
    public long HopColumns(int hop) => hop / InputStride;
}
