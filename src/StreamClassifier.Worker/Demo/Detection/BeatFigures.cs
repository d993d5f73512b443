using StreamClassifier.Core.Ecg;

namespace StreamClassifier.Worker.Demo.Detection;

/// <summary>
/// Beat-level V detection of one record or several, under the fixed mapping (<see cref="BeatMapping"/>):
/// each annotated beat is decided by the window whose centre is nearest to it.
/// </summary>
/// <param name="Beats">AAMI-classified beats in the processed signal.</param>
/// <param name="VentricularBeats">Of which V (V, E).</param>
/// <param name="TruePositives">V beats called V.</param>
/// <param name="FalsePositives">Other beats called V.</param>
/// <param name="FalseNegatives">V beats not called V.</param>
internal sealed record BeatFigures(int Beats, int VentricularBeats, int TruePositives, int FalsePositives, int FalseNegatives)
{
    /// <summary>Nothing scored yet.</summary>
    public static BeatFigures Empty { get; } = new(0, 0, 0, 0, 0);

    /// <summary>V sensitivity; null without V beats.</summary>
    public double? Sensitivity => VentricularBeats == 0 ? null : (double)TruePositives / VentricularBeats;

    /// <summary>V positive predictivity; null without V calls.</summary>
    public double? PositivePredictivity => TruePositives + FalsePositives == 0 ? null : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>V F1; null without V beats and V calls.</summary>
    public double? F1 => (2 * TruePositives) + FalsePositives + FalseNegatives == 0 ? null : 2.0 * TruePositives / ((2 * TruePositives) + FalsePositives + FalseNegatives);

    /// <summary>The figures of <paramref name="counts"/>.</summary>
    public static BeatFigures From(BeatCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return new(counts.Total.Sum(), counts.Total[(int)AamiClass.V], counts.TruePositives, counts.FalsePositives, counts.FalseNegatives);
    }

    /// <summary>Sums two records' figures.</summary>
    public static BeatFigures operator +(BeatFigures left, BeatFigures right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(left.Beats + right.Beats, left.VentricularBeats + right.VentricularBeats, left.TruePositives + right.TruePositives, left.FalsePositives + right.FalsePositives, left.FalseNegatives + right.FalseNegatives);
    }

    /// <summary>Same as the + operator.</summary>
    public static BeatFigures Add(BeatFigures left, BeatFigures right) => left + right;
}
