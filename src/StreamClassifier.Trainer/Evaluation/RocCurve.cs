namespace StreamClassifier.Trainer.Evaluation;

/// <summary>One ROC operating point: predicting 1 for scores ≥ <see cref="Threshold"/>.</summary>
/// <param name="Threshold">Decision threshold (positive infinity for the origin).</param>
/// <param name="FalsePositiveRate">FP / negatives.</param>
/// <param name="TruePositiveRate">TP / positives.</param>
internal readonly record struct RocPoint(double Threshold, double FalsePositiveRate, double TruePositiveRate);

/// <summary>
/// The ROC curve with one point per distinct score (tied scores move both rates at once, giving a
/// diagonal step), and its area by the trapezoid rule — which equals the Mann–Whitney probability
/// that a random positive outscores a random negative, counting ties as one half.
/// </summary>
internal sealed class RocCurve
{
    private RocCurve(IReadOnlyList<RocPoint> points, double area)
    {
        Points = points;
        Area = area;
    }

    /// <summary>Points from (0,0) to (1,1), thresholds descending.</summary>
    public IReadOnlyList<RocPoint> Points { get; }

    /// <summary>Area under the curve; NaN when only one class is present.</summary>
    public double Area { get; }

    /// <summary>Computes the curve of <paramref name="scores"/> against 0/1 <paramref name="labels"/>.</summary>
    public static RocCurve Compute(IReadOnlyList<int> labels, IReadOnlyList<float> scores)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        if (labels.Count != scores.Count)
        {
            throw new ArgumentException($"{labels.Count} labels but {scores.Count} scores.", nameof(scores));
        }

        var positives = labels.Count(label => label == 1);
        var negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return new RocCurve([new RocPoint(double.PositiveInfinity, 0, 0)], double.NaN);
        }

        var order = Enumerable.Range(0, labels.Count).OrderByDescending(i => scores[i]).ToArray();
        var points = new List<RocPoint> { new(double.PositiveInfinity, 0, 0) };
        int truePositives = 0, falsePositives = 0;
        double area = 0, previousFpr = 0, previousTpr = 0;
        for (var k = 0; k < order.Length;)
        {
            var score = scores[order[k]];
            while (k < order.Length && scores[order[k]] == score)
            {
                if (labels[order[k]] == 1)
                {
                    truePositives++;
                }
                else
                {
                    falsePositives++;
                }

                k++;
            }

            var fpr = (double)falsePositives / negatives;
            var tpr = (double)truePositives / positives;
            area += (fpr - previousFpr) * (tpr + previousTpr) / 2;
            points.Add(new RocPoint(score, fpr, tpr));
            (previousFpr, previousTpr) = (fpr, tpr);
        }

        return new RocCurve(points, area);
    }
}
