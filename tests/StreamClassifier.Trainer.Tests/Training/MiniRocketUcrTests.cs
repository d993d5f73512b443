using Microsoft.ML.OnnxRuntime;
using StreamClassifier.Core.Models;
using StreamClassifier.Onnx;
using StreamClassifier.Testing;
using StreamClassifier.Trainer.Commands;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Evaluation;
using StreamClassifier.Trainer.Export;
using StreamClassifier.Trainer.Training;
using Xunit.Abstractions;
using StreamClassifier.Onnx.Scoring;

namespace StreamClassifier.Trainer.Tests.Training;

/// <summary>MiniRocket end to end on real UCR data: fit on TRAIN, score TEST, export, and ONNX Runtime parity on the TEST rows.</summary>
public sealed class MiniRocketUcrTests(ITestOutputHelper output) : IDisposable
{
    private readonly ScratchDirectory scratch = new("sc-minirocket-");

    [SkippableTheory]
    // Floors well under what MiniRocket reaches here (GunPoint 0.993, ECG200 0.92 with seed 42), far above chance.
    [InlineData("GunPoint", 0.95)]
    [InlineData("ECG200", 0.85)]
    public void MiniRocket_fits_TRAIN_scores_TEST_and_its_ONNX_export_reproduces_TorchSharp(string name, double accuracyFloor)
    {
        DataRequirement.Require(DataRequirement.Ucr);
        var data = DatasetCatalog.PrepareUcr(name, new DatasetOptions(SharedPaths.Datasets(), ValidationFraction: 0, Seed: 42));
        var options = new TrainingOptions { Architecture = Architecture.MiniRocket, Seed = 42, Threads = 1 };

        using var outcome = TrainingRun.Execute(data, options, ThresholdChoice.Fixed);

        Assert.Empty(data.Validation.Labels);
        var test = outcome.Test!;
        output.WriteLine($"{name}: TEST accuracy {test.Accuracy:F4}, AUC {test.RocAuc:F4}; {string.Join("; ", outcome.Model.FitNotes)}");
        Assert.True(test.Accuracy >= accuracyFloor, $"{name} TEST accuracy {test.Accuracy:F4} is below {accuracyFloor}");
        Assert.Equal(0.5, outcome.Threshold.Threshold);
        Assert.Single(outcome.Model.History);

        var card = ModelCardFactory.Create(name.ToLowerInvariant(), "1", data, options, outcome);
        var path = scratch.File($"{name}.onnx");
        outcome.Model.ExportOnnx(path, card);

        Assert.Contains("MiniRocket", card.Training!.Architecture, StringComparison.Ordinal);
        Assert.Contains("9996 features", card.Training.Architecture, StringComparison.Ordinal);
        Assert.Contains("ridge alpha", card.Training.Architecture, StringComparison.Ordinal);
        Assert.Contains("all", card.Training.Split, StringComparison.Ordinal);
        Assert.Equal(test.Accuracy, card.Metrics["accuracy"]);
        // The exporter adds the hops the graph streams with (MiniRocket's valid convolutions stream).
        var written = ModelCard.Parse(File.ReadAllText(scratch.File($"{name}.card.json")), "sidecar");
        Assert.NotNull(written.Streaming);
        Assert.Equal((card with { Streaming = written.Streaming }).ToJson(), written.ToJson());

        var testWindows = data.Test!;
        var torchProbabilities = outcome.Model.PredictProbabilities(testWindows);
        using (var session = new InferenceSession(path))
        {
            Assert.Equal(written.ToJson(), session.ModelMetadata.CustomMetadataMap[ModelCard.MetadataKey]);
            Assert.Equal([-1, 1, testWindows.Length], session.InputMetadata[OnnxModelExporter.InputName].Dimensions);
        }

        var onnxProbabilities = ExportedModel.Probabilities(path, testWindows);

        // The convolutions are the same IEEE additions in both engines, so the PPV features agree exactly and
        // only the 9,996-term dot product's summation order differs: no step can flip between engines.
        var maxDifference = torchProbabilities.Zip(onnxProbabilities, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"{name}: max |TorchSharp − ONNX Runtime| over {testWindows.Count} TEST windows = {maxDifference:E2}");
        Assert.True(maxDifference <= 1e-5, $"{name}: ONNX Runtime differs from TorchSharp by up to {maxDifference:E2}");
        var onnxAccuracy = onnxProbabilities.Zip(testWindows.Labels, (p, label) => (p >= 0.5f ? 1 : 0) == label).Average(ok => ok ? 1.0 : 0.0);
        Assert.Equal(test.Accuracy, onnxAccuracy);
        Assert.True(torchProbabilities.Max() - torchProbabilities.Min() > 0.1, "outputs too uniform for a parity check to mean anything");

        // The worker's scorer accepts the file (card, fixed length) and gives the same probabilities.
        using var scorer = OnnxWindowScorer.Load(path);
        Assert.Equal(testWindows.Length, scorer.WindowLength);
        var scored = new float[testWindows.Count];
        scorer.Score(testWindows.Values, testWindows.Count, scored);
        Assert.True(scored.Zip(torchProbabilities, (a, b) => Math.Abs(a - b)).Max() <= 1e-5, "the worker's scorer disagrees with TorchSharp");
    }

    public void Dispose() => scratch.Dispose();
}
