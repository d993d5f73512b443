using StreamClassifier.Testing;
using StreamClassifier.Core.Models;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Training;
using Xunit.Abstractions;

namespace StreamClassifier.Trainer.Tests.Training;

/// <summary>End to end on a real UCR dataset: load, split TRAIN, train briefly, score TEST, export, check parity.</summary>
public sealed class GunPointTrainingTests(ITestOutputHelper output) : IDisposable
{
    private readonly ScratchDirectory scratch = new("sc-gunpoint-");

    [SkippableFact]
    public void A_small_FCN_learns_GunPoint_and_its_ONNX_export_agrees_on_TEST()
    {
        DataRequirement.Require(DataRequirement.Ucr);
        var dataset = UcrArchive.Load(SharedPaths.Datasets("ucr"), "GunPoint");
        var split = StratifiedSplit.Split(dataset.Train.Labels, 0.2, seed: 7);
        var train = dataset.Train.Subset(split.Train);
        var validation = dataset.Train.Subset(split.Validation);
        var test = dataset.Test!;

        using var model = ModelTrainer.Train(train, validation, new TrainingOptions
        {
            Architecture = Architecture.Fcn,
            WidthScale = 0.25,
            Epochs = 40,
            BatchSize = 8,
            LearningRate = 3e-3,
            Patience = 15,
            Seed = 7,
            Threads = 1,
        });

        var probabilities = model.PredictProbabilities(test);
        var accuracy = probabilities.Zip(test.Labels, (p, label) => (p >= 0.5f ? 1 : 0) == label).Average(ok => ok ? 1.0 : 0.0);
        output.WriteLine($"GunPoint TEST accuracy {accuracy:F3} after {model.History.Count} epochs");
        Assert.True(accuracy >= 0.8, $"GunPoint TEST accuracy {accuracy:F3} after {model.History.Count} epochs");

        var path = scratch.File("gunpoint.onnx");
        model.ExportOnnx(path, new ModelCard
        {
            Name = "gunpoint",
            Version = "1",
            InputLayout = InputLayout.NCL,
            Channels = 1,
            WindowLength = test.Length,
            Output = OutputKind.Probability,
        });
        var exported = ExportedModel.Probabilities(path, test);
        for (var index = 0; index < test.Count; index++)
        {
            Assert.True(Math.Abs(exported[index] - probabilities[index]) <= 1e-5, $"TEST window {index}: TorchSharp {probabilities[index]}, ONNX {exported[index]}");
        }
    }

    public void Dispose() => scratch.Dispose();
}
