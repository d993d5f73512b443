using StreamClassifier.Core.Ecg;
using StreamClassifier.Core.Models;
using StreamClassifier.Testing;
using StreamClassifier.Worker.EcgEvaluation;

namespace StreamClassifier.Worker.Tests.EcgEvaluation;

/// <summary>
/// The committed demo model's card states its DS2 figures; replaying DS2 through the worker's own
/// pipeline with the demo topology must reproduce them exactly (inference only).
/// </summary>
public sealed class CommittedModelTests
{
    [SkippableFact]
    public void Replaying_ds2_through_the_worker_reproduces_the_cards_test_figures()
    {
        DataRequirement.Require(DataRequirement.MitBih);
        var card = ModelCard.Parse(File.ReadAllText(SharedPaths.Repo("models", "ecg-pvc.card.json")), "ecg-pvc.card.json");
        Assert.Equal(InterPatientSplit.Protocol, card.Training!.Protocol);
        Assert.Equal(InterPatientSplit.Ds2, card.Training.TestRecords);
        Assert.Empty(card.Training.TrainRecords!.Concat(card.Training.ValidationRecords!).Intersect(InterPatientSplit.Ds2));

        var result = EcgEvaluator.Run(
            new EcgEvaluationOptions
            {
                TopologyPath = SharedPaths.Repo("topologies", "ecg-demo.yaml"),
                MitBihDirectory = SharedPaths.Datasets("mitbih"),
                Records = card.Training.TestRecords!,
            },
            TextWriter.Null);

        var beats = result.Clean.Beats;
        Assert.Equal(card.Threshold, result.Threshold);
        Assert.Equal(card.Metrics["v_true_positives"], beats.TruePositives);
        Assert.Equal(card.Metrics["v_false_positives"], beats.FalsePositives);
        Assert.Equal(card.Metrics["v_false_negatives"], beats.FalseNegatives);
        Assert.Equal(card.Metrics["beats"], beats.Total.Sum());
        Assert.Equal(card.Metrics["v_f1"], beats.F1, 12);
    }
}
