using StreamClassifier.Trainer.Evaluation;

namespace StreamClassifier.Trainer.Tests.Evaluation;

public sealed class ThresholdCalibrationTests
{
    [Fact]
    public void Separable_validation_gets_a_threshold_between_the_classes()
    {
        int[] labels = [0, 0, 0, 1, 1];
        float[] probabilities = [0.05f, 0.1f, 0.2f, 0.3f, 0.9f];

        foreach (var criterion in new[] { ThresholdCriterion.F1, ThresholdCriterion.Youden })
        {
            var calibrated = ThresholdCalibration.Calibrate(labels, probabilities, criterion);

            Assert.Equal(0.25, calibrated.Threshold, 6);
            Assert.Equal(1.0, calibrated.Score, 12);
            Assert.Null(calibrated.Note);
        }
    }

    [Fact]
    public void F1_and_youden_choose_different_thresholds_when_positives_are_rare()
    {
        // Positives at 0.9 and 0.4; negatives mostly low but three at 0.5–0.7.
        int[] labels = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        float[] probabilities = [0.9f, 0.4f, 0.7f, 0.6f, 0.5f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f];

        var byF1 = ThresholdCalibration.Calibrate(labels, probabilities, ThresholdCriterion.F1);
        var byYouden = ThresholdCalibration.Calibrate(labels, probabilities, ThresholdCriterion.Youden);

        // F1: t in (0.7, 0.9] → TP1 FP0 FN1 → 2/3; t in (0.1, 0.4] → TP2 FP3 → 4/7 < 2/3. Youden: t in (0.1, 0.4] → 1 + 7/10 - 1 = 0.7 beats 0.5.
        Assert.Equal(0.8, byF1.Threshold, 6);
        Assert.Equal(2.0 / 3, byF1.Score, 12);
        Assert.Equal(0.25, byYouden.Threshold, 6);
        Assert.Equal(0.7, byYouden.Score, 12);
    }

    [Fact]
    public void One_class_validation_keeps_the_default_and_says_why()
    {
        var calibrated = ThresholdCalibration.Calibrate([0, 0, 0], [0.2f, 0.3f, 0.9f], ThresholdCriterion.F1);

        Assert.Equal(0.5, calibrated.Threshold);
        Assert.Contains("only one class", calibrated.Note, StringComparison.Ordinal);
    }
}
