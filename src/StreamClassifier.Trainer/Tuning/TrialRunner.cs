using StreamClassifier.Trainer.Evaluation;
using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Tuning;

/// <summary>What ranks the trials (all on validation).</summary>
internal enum TuningMetric
{
    /// <summary>ROC AUC (threshold-free).</summary>
    Auc,

    /// <summary>The best F1 over thresholds.</summary>
    F1,

    /// <summary>Balanced accuracy at 0.5.</summary>
    BalancedAccuracy,

    /// <summary>The best validation loss (weighted BCE; ranked lower-is-better).</summary>
    Loss,
}

/// <summary>Validation figures of one trial.</summary>
/// <param name="Auc">ROC AUC.</param>
/// <param name="F1">Best F1 over thresholds.</param>
/// <param name="BalancedAccuracy">Balanced accuracy at 0.5.</param>
/// <param name="Loss">Best validation loss of the run (the checkpoint kept).</param>
internal sealed record TrialMetrics(double Auc, double F1, double BalancedAccuracy, double Loss)
{
    /// <summary>The value that ranks trials, higher is better.</summary>
    public double Ranking(TuningMetric metric) => metric switch
    {
        TuningMetric.Auc => Auc,
        TuningMetric.F1 => F1,
        TuningMetric.BalancedAccuracy => BalancedAccuracy,
        _ => -Loss,
    };
}

/// <summary>
/// Trains one trial: the trial's config with the rung's epochs, on the training windows (augmented as the config asks),
/// checkpointed on and scored against the validation windows. A config the data cannot take (e.g. a window length a
/// series dataset does not have) fails that trial with its message instead of stopping the search.
/// </summary>
internal sealed class TrialRunner(TuningData data, IReadOnlyList<TrainingConfig> configs, TuningMetric metric, int threads)
{
    private readonly Dictionary<(int Trial, int Rung), TrialMetrics> metrics = [];

    /// <summary>The drawn configurations, by trial number.</summary>
    public IReadOnlyList<TrainingConfig> Configs => configs;

    /// <summary>The metric that ranks trials.</summary>
    public TuningMetric Metric => metric;

    /// <summary>Validation figures of a finished trial, or null.</summary>
    public TrialMetrics? MetricsOf(TrialRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return metrics.GetValueOrDefault((request.Trial, request.Rung));
    }

    /// <summary>The config a trial trains with in its rung (the drawn config with the rung's epochs).</summary>
    public TrainingConfig ConfigOf(TrialRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return configs[request.Trial] with { Epochs = request.Epochs };
    }

    /// <summary>Trains and scores <paramref name="request"/>.</summary>
    public TrialScore Evaluate(TrialRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var config = ConfigOf(request);
        try
        {
            var prepared = data.Get(config.WindowLength);
            var train = config.Augmentation?.Apply(prepared.Train, config.Seed) ?? prepared.Train;
            using var model = ModelTrainer.Train(train, prepared.Validation, config.ToTrainingOptions(threads));
            var probabilities = model.PredictProbabilities(prepared.Validation);
            var labels = prepared.Validation.Labels;
            var atHalf = BinaryMetrics.Compute(labels, probabilities, 0.5);
            var bestF1 = ThresholdCalibration.Calibrate(labels, probabilities, ThresholdCriterion.F1).Score;
            var loss = model.History.Min(report => report.ValidationLoss);
            var figures = new TrialMetrics(atHalf.RocAuc, bestF1, atHalf.BalancedAccuracy, loss);
            metrics[(request.Trial, request.Rung)] = figures;
            return new TrialScore(figures.Ranking(metric), loss, model.History.Count);
        }
        catch (Exception ex) when (ex is ArgumentException or Data.DatasetFormatException)
        {
            return new TrialScore(double.NaN, double.NaN, 0, ex.Message);
        }
    }
}
