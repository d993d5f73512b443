using System.Globalization;
using StreamClassifier.Core.Models;
using StreamClassifier.Onnx.Proto;

namespace StreamClassifier.Onnx.Streaming;

/// <summary>
/// Whether a Conv1D classifier can be scored hop by hop, and how: the one rule trainer and worker
/// share. A graph is streamable when it splits into a <em>trunk</em> and a <em>head</em>:
/// <list type="bullet">
/// <item>the trunk reads the window input [N, C, L] and consists only of convolutions and poolings
/// without padding (whose span is at least their stride), inference-mode BatchNormalization and
/// pointwise operators whose constants do not vary along time — so every trunk column depends only
/// on the samples under it, never on where the window starts;</item>
/// <item>the head reads exactly one trunk value, the window's feature columns [N, F, T], and
/// anything else it likes (global pooling, a dense layer over all columns, ...).</item>
/// </list>
/// A hop h is allowed when the product of the trunk's strides divides it and it is shorter than the
/// window: then the next window's feature columns are this window's shifted by h / stride plus as many
/// new ones, which a step over the h new samples and each layer's carried columns computes exactly.
/// </summary>
public sealed class StreamableGraph
{
    internal StreamableGraph(long windowLength, string? reason)
    {
        WindowLength = windowLength;
        Reason = reason;
    }

    /// <summary>Samples per window the analysis assumed.</summary>
    public long WindowLength { get; }

    /// <summary>Why the graph is not streamable, or null when it is.</summary>
    public string? Reason { get; }

    /// <summary>True when the graph splits into a streamable trunk and a head.</summary>
    public bool IsStreamable => Reason is null;

    /// <summary>Name of the window input.</summary>
    public string InputName { get; internal init; } = string.Empty;

    /// <summary>Input channels.</summary>
    public long InputChannels { get; internal init; }

    /// <summary>The trunk value the head reads: the window's feature columns.</summary>
    public string FeatureName { get; internal init; } = string.Empty;

    /// <summary>Channels of the feature columns (F).</summary>
    public long FeatureChannels { get; internal init; }

    /// <summary>Feature columns per window (T).</summary>
    public long FeatureColumns { get; internal init; }

    /// <summary>Window samples per feature column: the product of the trunk's strides; every allowed hop is a multiple of it.</summary>
    public int HopMultiple { get; internal init; } = 1;

    /// <summary>Indexes of the trunk's nodes, in graph order.</summary>
    public IReadOnlyList<int> TrunkNodes { get; internal init; } = [];

    /// <summary>Indexes of the head's nodes, in graph order.</summary>
    public IReadOnlyList<int> HeadNodes { get; internal init; } = [];

    /// <summary>The trunk's convolutions and poolings, in graph order.</summary>
    public IReadOnlyList<WindowedLayer> Layers { get; internal init; } = [];

    /// <summary>Multiply-adds of the head's dense layers (Gemm/MatMul weights) per window.</summary>
    public long HeadMacs { get; internal init; }

    /// <summary>Analyses <paramref name="model"/> for windows of <paramref name="windowLength"/> samples; never throws for a graph that is merely not streamable (see <see cref="Reason"/>).</summary>
    public static StreamableGraph Analyze(ModelProto model, int windowLength)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowLength, 1);
        return new StreamableGraphAnalyzer(model, windowLength).Run();
    }

    /// <summary>Why <paramref name="hop"/> cannot be streamed, or null when it can.</summary>
    public string? CheckHop(int hop)
    {
        if (Reason is not null)
        {
            return Reason;
        }

        if (hop < 1 || hop >= WindowLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"hop {hop} leaves no overlap between windows of {WindowLength} samples; streaming needs 1 ≤ hop < {WindowLength}");
        }

        return hop % HopMultiple == 0
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"hop {hop} is not a multiple of {HopMultiple}, the product of the model's strides and poolings, so the next window's feature columns do not line up with this one's");
    }

    /// <summary>Every hop that streams: the multiples of <see cref="HopMultiple"/> below the window length.</summary>
    public IEnumerable<int> AllowedHops()
    {
        if (!IsStreamable)
        {
            yield break;
        }

        for (var hop = HopMultiple; hop < WindowLength; hop += HopMultiple)
        {
            yield return hop;
        }
    }

    /// <summary>What the model card says about streaming this model: null when it cannot be streamed with any hop.</summary>
    public StreamingCard? ToCard() => AllowedHops().Any()
        ? new StreamingCard { HopMultiple = HopMultiple, MaxHop = checked((int)((WindowLength - 1) / HopMultiple * HopMultiple)) }
        : null;

    /// <summary>Multiply-adds of the trunk's convolutions over a whole window.</summary>
    public long WholeWindowTrunkMacs() => Layers.Sum(layer => layer.OutputColumns * layer.MacsPerOutputColumn);

    /// <summary>Multiply-adds of the trunk's convolutions for one hop: each layer computes only its new output columns.</summary>
    public long StepTrunkMacs(int hop) => Layers.Sum(layer => layer.HopColumns(hop) / layer.Stride * layer.MacsPerOutputColumn);
}
