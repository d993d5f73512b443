using System.Text.Json.Serialization;

namespace StreamClassifier.Worker.Bench;

/// <summary>Recompute against streaming for a streamable model, measured in the same run on the same windows.</summary>
internal sealed record StreamingBench
{
    /// <summary>Window hop streamed.</summary>
    public required int Hop { get; init; }

    /// <summary>Scorer alone recomputing whole windows, windows/s (median).</summary>
    public required double RecomputeWindowsPerS { get; init; }

    /// <summary>Scorer alone streaming, windows/s (median).</summary>
    public required double StreamingWindowsPerS { get; init; }

    /// <summary><see cref="StreamingWindowsPerS"/> / <see cref="RecomputeWindowsPerS"/>.</summary>
    public required double Speedup { get; init; }

    /// <summary>FP32 operations per recomputed window (2 × multiply-adds of convolutions and dense layers).</summary>
    public required long RecomputeFlopsPerWindow { get; init; }

    /// <summary>FP32 operations per streamed window (the step's new columns and the head).</summary>
    public required long StreamingFlopsPerWindow { get; init; }

    /// <summary>The machine's nominal FP32 peak, GFLOP/s, or null where it cannot be read.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PeakGflops { get; init; }

    /// <summary>How <see cref="PeakGflops"/> was derived.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Peak { get; init; }

    /// <summary>Recompute's achieved FLOP/s as a share of the peak.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? RecomputePeakShare { get; init; }

    /// <summary>Streaming's achieved FLOP/s as a share of the peak.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? StreamingPeakShare { get; init; }

    /// <summary>Largest |P(streaming) − P(recompute)| over the compared windows.</summary>
    public required double MaxAbsDifference { get; init; }

    /// <summary>Windows per measured pass.</summary>
    public required long Windows { get; init; }
}
