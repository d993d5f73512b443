using StreamClassifier.Core.Topology;
using StreamClassifier.Testing;
using StreamClassifier.Trainer.Commands;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Data.MitBih;
using StreamClassifier.Trainer.Evaluation;
using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Tests.Commands;

public sealed class TrainingRunTests
{
    private static readonly TrainingOptions QuickOptions = new()
    {
        Architecture = Architecture.ConvDense,
        Epochs = 3,
        BatchSize = 16,
        Seed = 11,
        Threads = 1,
    };

    [SkippableFact]
    public void Test_data_influences_neither_the_model_nor_the_threshold()
    {
        DataRequirement.Require(DataRequirement.Ucr);
        var data = DatasetCatalog.PrepareUcr("ECG200", new DatasetOptions(SharedPaths.Datasets(), 0.2, Seed: 3));
        var scrambledTest = new LabelledWindows(
            [.. data.Test!.Values.Select(value => -value)],
            [.. data.Test.Labels.Select(label => 1 - label)],
            data.Test.Channels,
            data.Test.Length);

        using var original = TrainingRun.Execute(data, QuickOptions, ThresholdChoice.F1);
        using var scrambled = TrainingRun.Execute(data with { Test = scrambledTest }, QuickOptions, ThresholdChoice.F1);

        Assert.Equal(original.Threshold, scrambled.Threshold);
        Assert.Equal(original.Validation, scrambled.Validation);
        Assert.Equal(original.Model.PredictProbabilities(data.Validation), scrambled.Model.PredictProbabilities(data.Validation));
        Assert.Equal(100, original.Test!.Count);
        Assert.Equal(original.Test.Confusion.TruePositives + original.Test.Confusion.FalseNegatives, data.Test.PositiveCount);
    }

    [SkippableFact]
    public void The_card_records_data_split_label_mapping_threshold_test_metrics_and_preprocessing()
    {
        DataRequirement.Require(DataRequirement.Ucr);
        var data = DatasetCatalog.PrepareUcr("GunPoint", new DatasetOptions(SharedPaths.Datasets(), 0.2, Seed: 3));
        using var outcome = TrainingRun.Execute(data, QuickOptions, ThresholdChoice.Youden);

        var card = ModelCardFactory.Create("gunpoint", "7", data, QuickOptions, outcome);

        Assert.Equal(("gunpoint", "7", 1, 150), (card.Name, card.Version, card.Channels, card.WindowLength));
        Assert.Equal(outcome.Threshold.Threshold, card.Threshold);
        Assert.Equal(new Dictionary<string, int> { ["1"] = 0, ["2"] = 1 }, card.Training!.LabelMapping);
        Assert.Contains("GunPoint_TRAIN.tsv", card.Training.Data, StringComparison.Ordinal);
        Assert.Contains("stratified 20% of TRAIN", card.Training.Split, StringComparison.Ordinal);
        Assert.Contains("calibrated on validation by Youden's J", card.Training.Split, StringComparison.Ordinal);
        Assert.StartsWith("ConvDense", card.Training.Architecture, StringComparison.Ordinal);
        Assert.Equal(11, card.Training.Seed);
        Assert.Equal(outcome.Test!.Accuracy, card.Metrics["accuracy"]);
        Assert.Equal(150, card.Metrics["count"]);
        Assert.Equal(outcome.Validation.Accuracy, card.Metrics["validation_accuracy"]);
        Assert.Equal(NormalizationKind.None, card.Preprocessing.Normalize);
        Assert.Empty(card.Preprocessing.Filters);
        Assert.Null(card.SampleRateHz);

        // The card survives its own JSON round trip.
        var parsed = Core.Models.ModelCard.Parse(card.ToJson(), "test");
        Assert.Equal(card.Threshold, parsed.Threshold);
        Assert.Equal(card.Training.Split, parsed.Training!.Split);
    }

    [SkippableFact]
    public void Mitbih_cards_carry_the_filter_chain_window_hop_rate_and_label_rule()
    {
        DataRequirement.Require(DataRequirement.MitBih);
        var config = MitBihConfig.VentricularDemo with { Records = ["106"] };
        var dataset = MitBihWindows.Build(config, SharedPaths.Datasets("mitbih"));
        var data = DatasetCatalog.FromMitBih(dataset);

        // A thin slice keeps the run short: the card's contents do not depend on how much was trained.
        var slim = data with { Train = data.Train.Subset([.. Enumerable.Range(0, 400)]), Validation = data.Validation.Subset([.. Enumerable.Range(0, 200)]), Test = data.Test!.Subset([.. Enumerable.Range(0, 200)]) };
        using var outcome = TrainingRun.Execute(slim, QuickOptions with { Epochs = 1 }, ThresholdChoice.F1);
        var card = ModelCardFactory.Create("ecg-pvc", "1", slim, QuickOptions, outcome);

        Assert.Equal((1, 720, 360.0), (card.Channels, card.WindowLength, card.SampleRateHz));
        Assert.Equal([FilterSpec.Bandpass(0.5, 40, 4), FilterSpec.Notch(60, 30)], card.Preprocessing.Filters);
        Assert.Equal(90, card.Preprocessing.WindowHop);
        Assert.Equal(NormalizationKind.ZScore, card.Preprocessing.Normalize);
        Assert.Contains("at least 150 ms (54 samples) from both edges", card.Training!.LabelRule, StringComparison.Ordinal);
        Assert.Contains("last 30% held-out TEST", card.Training.Split, StringComparison.Ordinal);
        Assert.Equal(1, card.Training.LabelMapping!["contains V beat"]);
    }
}
