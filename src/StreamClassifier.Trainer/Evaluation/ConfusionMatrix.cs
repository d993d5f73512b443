namespace StreamClassifier.Trainer.Evaluation;

/// <summary>Counts of a binary decision against 0/1 truth; class 1 is "positive".</summary>
/// <param name="TruePositives">Label 1, predicted 1.</param>
/// <param name="FalsePositives">Label 0, predicted 1.</param>
/// <param name="TrueNegatives">Label 0, predicted 0.</param>
/// <param name="FalseNegatives">Label 1, predicted 0.</param>
internal sealed record ConfusionMatrix(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    /// <summary>All decisions.</summary>
    public int Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>Rows labelled 1.</summary>
    public int Positives => TruePositives + FalseNegatives;

    /// <summary>Rows labelled 0.</summary>
    public int Negatives => TrueNegatives + FalsePositives;

    /// <summary>Counts the decisions <c>probability ≥ threshold</c> against <paramref name="labels"/>.</summary>
    public static ConfusionMatrix From(IReadOnlyList<int> labels, IReadOnlyList<float> probabilities, double threshold)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (labels.Count != probabilities.Count)
        {
            throw new ArgumentException($"{labels.Count} labels but {probabilities.Count} probabilities.", nameof(probabilities));
        }

        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var predicted = probabilities[i] >= threshold;
            switch ((labels[i] == 1, predicted))
            {
                case (true, true): tp++; break;
                case (false, true): fp++; break;
                case (false, false): tn++; break;
                default: fn++; break;
            }
        }

        return new ConfusionMatrix(tp, fp, tn, fn);
    }
}
