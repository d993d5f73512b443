using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Evaluation;
using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Commands;

/// <summary>What one training run produced. Dispose it to release the networks.</summary>
/// <param name="Model">The trained model (ensemble).</param>
/// <param name="Threshold">The decision threshold and how it was chosen.</param>
/// <param name="Validation">Metrics on validation at that threshold.</param>
/// <param name="Test">Metrics on TEST at that threshold, or null without TEST data.</param>
/// <param name="TestRoc">ROC curve on TEST, or null.</param>
/// <param name="Seconds">Wall time of training and evaluation.</param>
internal sealed record TrainingOutcome(TrainedModel Model, CalibratedThreshold Threshold, BinaryMetrics Validation, BinaryMetrics? Test, RocCurve? TestRoc, double Seconds) : IDisposable
{
    /// <summary>Epoch history per ensemble member, for the plots.</summary>
    public IReadOnlyList<IReadOnlyList<EpochPoint>> Curves =>
        [.. Model.History
            .GroupBy(report => report.Member)
            .OrderBy(group => group.Key)
            .Select(group => (IReadOnlyList<EpochPoint>)[.. group.Select(report => new EpochPoint(report.Epoch, report.TrainLoss, report.TrainAccuracy, report.ValidationLoss, report.ValidationAccuracy))])];

    /// <summary>Epochs run by the last member (after early stopping).</summary>
    public int EpochsRun => Model.History.Count == 0 ? 0 : Model.History.Where(report => report.Member == Model.History[^1].Member).Max(report => report.Epoch);

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}

/// <summary>
/// Train → calibrate the threshold on validation → evaluate on TEST. TEST is scored once, after the
/// model and threshold are final, and feeds nothing back.
/// </summary>
internal static class TrainingRun
{
    /// <summary>Runs training and evaluation on <paramref name="data"/>.</summary>
    public static TrainingOutcome Execute(PreparedDataset data, TrainingOptions options, ThresholdChoice thresholdBy)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var model = ModelTrainer.Train(data.Train, data.Validation, options);
        try
        {
            var validationProbabilities = model.PredictProbabilities(data.Validation);
            var threshold = thresholdBy != ThresholdChoice.Fixed && data.Validation.Count == 0
                ? new CalibratedThreshold(0.5, thresholdBy == ThresholdChoice.Youden ? ThresholdCriterion.Youden : ThresholdCriterion.F1, double.NaN, "there is no validation split (validation fraction 0), so the default 0.5 was kept")
                : thresholdBy switch
            {
                ThresholdChoice.F1 => ThresholdCalibration.Calibrate(data.Validation.Labels, validationProbabilities, ThresholdCriterion.F1),
                ThresholdChoice.Youden => ThresholdCalibration.Calibrate(data.Validation.Labels, validationProbabilities, ThresholdCriterion.Youden),
                _ => new CalibratedThreshold(0.5, ThresholdCriterion.F1, double.NaN, "fixed at 0.5 (--threshold-by fixed)"),
            };
            var validation = BinaryMetrics.Compute(data.Validation.Labels, validationProbabilities, threshold.Threshold);

            BinaryMetrics? test = null;
            RocCurve? roc = null;
            if (data.Test is { Count: > 0 } testWindows)
            {
                var testProbabilities = model.PredictProbabilities(testWindows);
                test = BinaryMetrics.Compute(testWindows.Labels, testProbabilities, threshold.Threshold);
                roc = RocCurve.Compute(testWindows.Labels, testProbabilities);
            }

            return new TrainingOutcome(model, threshold, validation, test, roc, clock.Elapsed.TotalSeconds);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
