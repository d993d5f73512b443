using StreamClassifier.Worker.EcgEvaluation;

namespace StreamClassifier.Worker.Tests.EcgEvaluation;

public sealed class WindowRankingTests
{
    [Fact]
    public void Auc_and_average_precision_of_small_rankings()
    {
        double[] scores = [0.9, 0.8, 0.7, 0.1];
        bool[] labels = [true, false, true, false];

        // Pairs (positive above negative): 0.9>0.8, 0.9>0.1, 0.7>0.1, 0.7<0.8 → 3 of 4.
        Assert.Equal(0.75, WindowRanking.RocAuc(scores, labels), 12);

        // Precision at each positive: 1/1 and 2/3.
        Assert.Equal((1 + (2.0 / 3)) / 2, WindowRanking.AveragePrecision(scores, labels), 12);

        // Ties count half.
        Assert.Equal(0.5, WindowRanking.RocAuc([0.5, 0.5], [true, false]), 12);
        Assert.True(double.IsNaN(WindowRanking.RocAuc([0.5], [true])));
    }
}
