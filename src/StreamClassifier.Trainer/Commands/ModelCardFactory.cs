using System.Globalization;
using StreamClassifier.Core.Models;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Evaluation;
using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Commands;

/// <summary>Fills the model card from the data, the options and the outcome of a run.</summary>
internal static class ModelCardFactory
{
    /// <summary>Builds the card: input shape, preprocessing chain, calibrated threshold, data, split, label mapping and rule, TEST metrics.</summary>
    public static ModelCard Create(string name, string version, PreparedDataset data, TrainingOptions options, TrainingOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outcome);
        var invariant = CultureInfo.InvariantCulture;
        var threshold = outcome.Threshold;
        var calibration = threshold.Note is null
            ? string.Create(invariant, $"threshold {threshold.Threshold:0.####} calibrated on validation by {(threshold.Criterion == ThresholdCriterion.F1 ? "F1" : "Youden's J")} ({threshold.Score:0.####})")
            : string.Create(invariant, $"threshold {threshold.Threshold:0.####}: {threshold.Note}");
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (outcome.Test is { } test)
        {
            foreach (var (key, value) in test.ToCardMetrics())
            {
                metrics[key] = value;
            }
        }

        foreach (var (key, value) in outcome.Validation.ToCardMetrics().Where(pair => pair.Key is "accuracy" or "auc" or "f1" or "balanced_accuracy"))
        {
            metrics["validation_" + key] = value;
        }

        return new ModelCard
        {
            Name = name,
            Version = version,
            InputLayout = InputLayout.NCL,
            Channels = data.Train.Channels,
            WindowLength = data.Train.Length,
            SampleRateHz = data.SampleRateHz,
            Preprocessing = data.Preprocessing,
            Output = OutputKind.Probability,
            Threshold = threshold.Threshold,
            Training = new TrainingCard
            {
                Data = data.DataDescription,
                Split = data.SplitDescription + "; " + calibration + (outcome.Test is null ? "; no TEST data, so the metrics are validation only" : "; metrics (unprefixed) are on TEST, validation_* on validation"),
                LabelMapping = data.LabelMapping,
                Architecture = DescribeArchitecture(options, outcome),
                LabelRule = data.LabelRule,
                Seed = options.Seed,
            },
            Metrics = metrics,
        };
    }

    /// <summary>The architecture and how it was trained, in words.</summary>
    public static string DescribeArchitecture(TrainingOptions options, TrainingOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outcome);
        var invariant = CultureInfo.InvariantCulture;
        return options.Architecture.IsClosedForm()
            ? string.Create(invariant, $"{options.Architecture} (Dempster et al. 2021: 84 fixed kernels of length 9, PPV pooling, ridge head fitted in closed form on the training rows with alpha by leave-one-out; ensemble of {options.EnsembleSize}; {string.Join("; ", outcome.Model.FitNotes)})")
            : string.Create(invariant, $"{options.Architecture}{(options.Architecture == Architecture.ConfigurableConv1D ? " " + (options.Network ?? new Networks.ConvStackSpec()).Describe() : string.Empty)} (width x{options.WidthScale:0.##}, ensemble of {options.EnsembleSize}, max epochs {options.Epochs}, batch {options.BatchSize}, lr {options.LearningRate:0.#####}, patience {options.Patience}, class weights {(options.ClassWeights ? "on" : "off")})");
    }
}
