using StreamClassifier.Trainer.Evaluation;

namespace StreamClassifier.Trainer.Tests.Evaluation;

public sealed class BinaryMetricsTests
{
    [Fact]
    public void Metrics_match_hand_computed_values()
    {
        // Threshold 0.5 → predictions 1,1,0,0,1,0 against labels 1,0,1,0,1,0: TP 2, FP 1, TN 2, FN 1.
        int[] labels = [1, 0, 1, 0, 1, 0];
        float[] probabilities = [0.9f, 0.6f, 0.4f, 0.1f, 0.7f, 0.3f];

        var metrics = BinaryMetrics.Compute(labels, probabilities, 0.5);

        Assert.Equal(new ConfusionMatrix(2, 1, 2, 1), metrics.Confusion);
        Assert.Equal(4.0 / 6, metrics.Accuracy, 12);
        Assert.Equal(2.0 / 3, metrics.Recall, 12);
        Assert.Equal(2.0 / 3, metrics.Specificity, 12);
        Assert.Equal(2.0 / 3, metrics.BalancedAccuracy, 12);
        Assert.Equal(2.0 / 3, metrics.Precision, 12);
        Assert.Equal(4.0 / 6, metrics.F1, 12);

        // Pairs (positive, negative) with the positive higher: 0.9 beats all 3; 0.7 beats 0.6, 0.1, 0.3; 0.4 beats 0.1, 0.3 → 8 of 9.
        Assert.Equal(8.0 / 9, metrics.RocAuc, 12);
    }

    [Fact]
    public void Balanced_accuracy_differs_from_accuracy_on_imbalanced_data()
    {
        // 8 negatives all right, 2 positives: one right → accuracy 0.9, balanced (1 + 0.5) / 2 = 0.75, F1 = 2/(2+0+1).
        int[] labels = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
        float[] probabilities = [0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.9f, 0.2f];

        var metrics = BinaryMetrics.Compute(labels, probabilities, 0.5);

        Assert.Equal(0.9, metrics.Accuracy, 12);
        Assert.Equal(0.75, metrics.BalancedAccuracy, 12);
        Assert.Equal(2.0 / 3, metrics.F1, 12);
    }

    [Fact]
    public void Roc_auc_counts_tied_scores_as_one_half()
    {
        // Positives 0.8, 0.5, 0.5; negatives 0.5, 0.2. Pairs: 0.8 > both (2), 0.5 vs 0.5 tie (0.5 each, two of them = 1), 0.5 > 0.2 (2) → 5 of 6.
        int[] labels = [1, 1, 1, 0, 0];
        float[] scores = [0.8f, 0.5f, 0.5f, 0.5f, 0.2f];

        var curve = RocCurve.Compute(labels, scores);

        Assert.Equal(5.0 / 6, curve.Area, 12);
        Assert.Equal(MannWhitney(labels, scores), curve.Area, 12);

        // The tied group moves both rates at once: (0,0) → (0,1/3) → (1/2,1) → (1,1).
        Assert.Equal([(0.0, 0.0), (0.0, 1.0 / 3), (0.5, 1.0), (1.0, 1.0)], curve.Points.Select(point => (point.FalsePositiveRate, point.TruePositiveRate)));
    }

    [Fact]
    public void Roc_auc_matches_the_pairwise_definition_on_random_scores_with_many_ties()
    {
        var random = new Random(7);
        var labels = Enumerable.Range(0, 300).Select(_ => random.Next(2)).ToArray();
        var scores = labels.Select(label => (float)Math.Round((random.NextDouble() + (label * 0.3)) * 10) / 10).ToArray();

        Assert.Equal(MannWhitney(labels, scores), RocCurve.Compute(labels, scores).Area, 10);
    }

    [Fact]
    public void Perfect_inverted_and_constant_scores_give_auc_one_zero_and_one_half()
    {
        int[] labels = [0, 0, 1, 1];
        Assert.Equal(1.0, RocCurve.Compute(labels, [0.1f, 0.2f, 0.8f, 0.9f]).Area, 12);
        Assert.Equal(0.0, RocCurve.Compute(labels, [0.9f, 0.8f, 0.2f, 0.1f]).Area, 12);
        Assert.Equal(0.5, RocCurve.Compute(labels, [0.5f, 0.5f, 0.5f, 0.5f]).Area, 12);
        Assert.True(double.IsNaN(RocCurve.Compute([1, 1], [0.2f, 0.3f]).Area));
    }

    [Fact]
    public void Card_metrics_hold_the_figures_and_leave_out_undefined_auc()
    {
        var metrics = BinaryMetrics.Compute([1, 1], [0.9f, 0.2f], 0.5);

        var card = metrics.ToCardMetrics();

        Assert.Equal(0.5, card["accuracy"]);
        Assert.Equal(1, card["true_positives"]);
        Assert.Equal(1, card["false_negatives"]);
        Assert.False(card.ContainsKey("auc"));
    }

    private static double MannWhitney(int[] labels, float[] scores)
    {
        double wins = 0;
        var pairs = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            for (var j = 0; j < labels.Length; j++)
            {
                if (labels[i] == 1 && labels[j] == 0)
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }

        return wins / pairs;
    }
}
