using System.Text.Json.Serialization;

namespace StreamClassifier.Core.Topology;

/// <summary>How a window is normalised before scoring.</summary>
public enum NormalizationKind
{
    /// <summary>Values as filtered.</summary>
    None,

    /// <summary>Per window and channel: <c>(x - mean) / max(std, 1e-8)</c>, population std.</summary>
    [JsonStringEnumMemberName("zscore")]
    ZScore,

    /// <summary>Fixed per-channel mean and std (usually from the model card).</summary>
    Fixed,
}

/// <summary>Normalisation of a window.</summary>
/// <param name="Kind">Which normalisation.</param>
/// <param name="Mean">Per-channel mean for <see cref="NormalizationKind.Fixed"/>.</param>
/// <param name="Std">Per-channel std for <see cref="NormalizationKind.Fixed"/>.</param>
public sealed record NormalizationSpec(NormalizationKind Kind, IReadOnlyList<double>? Mean = null, IReadOnlyList<double>? Std = null)
{
    /// <summary>No normalisation.</summary>
    public static NormalizationSpec None { get; } = new(NormalizationKind.None);

    /// <summary>Per-window z-score.</summary>
    public static NormalizationSpec ZScore { get; } = new(NormalizationKind.ZScore);

    /// <summary>Compares by value (the lists compare element-wise).</summary>
    public bool Equals(NormalizationSpec? other) =>
        other is not null && Kind == other.Kind && SequenceEqual(Mean, other.Mean) && SequenceEqual(Std, other.Std);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Mean?.Count, Std?.Count);

    private static bool SequenceEqual(IReadOnlyList<double>? left, IReadOnlyList<double>? right) =>
        (left is null && right is null) || (left is not null && right is not null && left.SequenceEqual(right));
}
