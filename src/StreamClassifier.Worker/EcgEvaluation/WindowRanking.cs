namespace StreamClassifier.Worker.EcgEvaluation;

/// <summary>Threshold-free window-level figures: ROC AUC and PR-AUC (average precision).</summary>
internal static class WindowRanking
{
    /// <summary>ROC AUC: the probability that a random positive window outscores a random negative one (ties count half); NaN without both classes.</summary>
    public static double RocAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSum = 0;
        long positives = 0;
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j < order.Length && scores[order[j]] == scores[order[i]])
            {
                j++;
            }

            var averageRank = (i + 1 + j) / 2.0;
            for (var k = i; k < j; k++)
            {
                if (labels[order[k]])
                {
                    rankSum += averageRank;
                    positives++;
                }
            }

            i = j;
        }

        var negatives = order.Length - positives;
        return positives == 0 || negatives == 0 ? double.NaN : (rankSum - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }

    /// <summary>Average precision (area under the precision-recall curve, step-wise); NaN without positives.</summary>
    public static double AveragePrecision(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        var total = labels.Count(label => label);
        if (total == 0)
        {
            return double.NaN;
        }

        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        long truePositives = 0, seen = 0;
        double sum = 0;
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            var newPositives = 0;
            while (j < order.Length && scores[order[j]] == scores[order[i]])
            {
                newPositives += labels[order[j]] ? 1 : 0;
                j++;
            }

            seen += j - i;
            truePositives += newPositives;
            sum += newPositives * ((double)truePositives / seen);
            i = j;
        }

        return sum / total;
    }
}
