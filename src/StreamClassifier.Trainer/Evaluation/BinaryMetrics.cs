namespace StreamClassifier.Trainer.Evaluation;

/// <summary>Held-out metrics of a binary classifier at one decision threshold (plus the threshold-free ROC AUC).</summary>
/// <param name="Count">Rows evaluated.</param>
/// <param name="Threshold">Decision threshold on P(class 1): predict 1 when p ≥ threshold.</param>
/// <param name="Accuracy">(TP + TN) / N.</param>
/// <param name="BalancedAccuracy">Mean of sensitivity and specificity.</param>
/// <param name="RocAuc">Area under the ROC curve (ties count one half); NaN with one class.</param>
/// <param name="F1">2TP / (2TP + FP + FN); 0 when there are no positives predicted or present.</param>
/// <param name="Precision">TP / (TP + FP); 0 when nothing is predicted positive.</param>
/// <param name="Recall">Sensitivity, TP / (TP + FN).</param>
/// <param name="Specificity">TN / (TN + FP).</param>
/// <param name="Confusion">The confusion matrix.</param>
internal sealed record BinaryMetrics(
    int Count,
    double Threshold,
    double Accuracy,
    double BalancedAccuracy,
    double RocAuc,
    double F1,
    double Precision,
    double Recall,
    double Specificity,
    ConfusionMatrix Confusion)
{
    /// <summary>Evaluates <paramref name="probabilities"/> against 0/1 <paramref name="labels"/> at <paramref name="threshold"/>.</summary>
    public static BinaryMetrics Compute(IReadOnlyList<int> labels, IReadOnlyList<float> probabilities, double threshold)
    {
        var confusion = ConfusionMatrix.From(labels, probabilities, threshold);
        var recall = Ratio(confusion.TruePositives, confusion.Positives);
        var specificity = Ratio(confusion.TrueNegatives, confusion.Negatives);
        var hasBothClasses = confusion.Positives > 0 && confusion.Negatives > 0;
        return new BinaryMetrics(
            confusion.Total,
            threshold,
            Ratio(confusion.TruePositives + confusion.TrueNegatives, confusion.Total),
            hasBothClasses ? (recall + specificity) / 2 : confusion.Positives > 0 ? recall : specificity,
            RocCurve.Compute(labels, probabilities).Area,
            Ratio(2 * confusion.TruePositives, (2 * confusion.TruePositives) + confusion.FalsePositives + confusion.FalseNegatives),
            Ratio(confusion.TruePositives, confusion.TruePositives + confusion.FalsePositives),
            recall,
            specificity,
            confusion);
    }

    /// <summary>The metrics as a name → value map for the model card (NaN values are left out).</summary>
    public IReadOnlyDictionary<string, double> ToCardMetrics()
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["accuracy"] = Accuracy,
            ["balanced_accuracy"] = BalancedAccuracy,
            ["auc"] = RocAuc,
            ["f1"] = F1,
            ["precision"] = Precision,
            ["recall"] = Recall,
            ["specificity"] = Specificity,
            ["threshold"] = Threshold,
            ["count"] = Count,
            ["true_positives"] = Confusion.TruePositives,
            ["false_positives"] = Confusion.FalsePositives,
            ["true_negatives"] = Confusion.TrueNegatives,
            ["false_negatives"] = Confusion.FalseNegatives,
        };
        return metrics.Where(pair => double.IsFinite(pair.Value)).ToDictionary(StringComparer.Ordinal);
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
