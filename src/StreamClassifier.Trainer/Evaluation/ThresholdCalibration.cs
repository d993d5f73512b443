namespace StreamClassifier.Trainer.Evaluation;

/// <summary>What the decision threshold maximises on validation.</summary>
internal enum ThresholdCriterion
{
    /// <summary>F1 of class 1 (suits rare positives: alerts).</summary>
    F1,

    /// <summary>Youden's J = sensitivity + specificity − 1 (balances both error kinds).</summary>
    Youden,
}

/// <summary>The chosen threshold and why.</summary>
/// <param name="Threshold">Predict 1 when P(class 1) ≥ this.</param>
/// <param name="Criterion">What was maximised.</param>
/// <param name="Score">The criterion's value on validation at <paramref name="Threshold"/>.</param>
/// <param name="Note">Why the default was kept, when it was; otherwise null.</param>
internal sealed record CalibratedThreshold(double Threshold, ThresholdCriterion Criterion, double Score, string? Note = null);

/// <summary>
/// Picks the decision threshold on validation data (never on TEST). Candidates are the midpoints between
/// consecutive distinct validation scores (plus the ends), so the threshold does not sit exactly on a
/// validation score; among equally good candidates the one closest to 0.5 wins, which keeps the
/// choice stable when validation is small.
/// </summary>
internal static class ThresholdCalibration
{
    /// <summary>Calibrates on <paramref name="labels"/> / <paramref name="probabilities"/>.</summary>
    public static CalibratedThreshold Calibrate(IReadOnlyList<int> labels, IReadOnlyList<float> probabilities, ThresholdCriterion criterion)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (labels.Count != probabilities.Count)
        {
            throw new ArgumentException($"{labels.Count} labels but {probabilities.Count} probabilities.", nameof(probabilities));
        }

        var positives = labels.Count(label => label == 1);
        var negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return new CalibratedThreshold(0.5, criterion, double.NaN, "validation holds only one class, so the default threshold 0.5 was kept");
        }

        var distinct = probabilities.Select(p => (double)p).Distinct().Order().ToArray();
        var candidates = new List<double>(distinct.Length + 1) { distinct[0] };
        for (var i = 1; i < distinct.Length; i++)
        {
            candidates.Add((distinct[i - 1] + distinct[i]) / 2);
        }

        candidates.Add(Math.BitIncrement(distinct[^1]));

        var best = new CalibratedThreshold(0.5, criterion, double.NegativeInfinity);
        foreach (var candidate in candidates)
        {
            var confusion = ConfusionMatrix.From(labels, probabilities, candidate);
            var score = criterion == ThresholdCriterion.F1
                ? 2.0 * confusion.TruePositives / ((2.0 * confusion.TruePositives) + confusion.FalsePositives + confusion.FalseNegatives)
                : ((double)confusion.TruePositives / positives) + ((double)confusion.TrueNegatives / negatives) - 1;
            const double Tolerance = 1e-12;
            if (score > best.Score + Tolerance ||
                (Math.Abs(score - best.Score) <= Tolerance && Math.Abs(candidate - 0.5) < Math.Abs(best.Threshold - 0.5)))
            {
                best = best with { Threshold = candidate, Score = score };
            }
        }

        return best;
    }
}
