using System.CommandLine;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Data.MitBih;
using StreamClassifier.Trainer.Evaluation;
using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Commands;

/// <summary>
/// <c>ecg</c>: the demo model. MIT-BIH records → the worker's bandpass 0.5–40 Hz (order 4) and 60 Hz notch
/// (q 30) → 2 s windows (720 samples) every 0.25 s (90) at 360 Hz → per-window z-score → "contains a
/// ventricular beat" → model, card and plots in models/. The last 30% of every record is held out (TEST)
/// for the card's metrics and for the worker demo's replay.
/// </summary>
public static class EcgCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        // Seed example 2 at half width: trains in minutes on 2 cores on ~30,000 windows of 2 × 720 (docs/datasets.md).
        var shared = TrainerOptions.Create(Architecture.SeedBatchNorm, epochs: 12, batchSize: 64, learningRate: 1e-3, patience: 4, width: 0.5);
        var config = new Option<string>("--config") { Description = "MIT-BIH config JSON (docs/datasets.md), or 'default' for the built-in demo configuration (= Configs/mitbih-ventricular.json).", DefaultValueFactory = _ => "default" };
        var thresholdBy = TrainerOptions.ThresholdBy(ThresholdChoice.F1, "Choose the decision threshold on validation by f1 or youden, or keep it fixed at 0.5.");
        var output = new Option<string>("--output") { Description = "ONNX file to write; card and plots go beside it.", DefaultValueFactory = _ => "models/ecg-pvc.onnx" };
        var version = new Option<string>("--model-version") { Description = "Version written to the model card.", DefaultValueFactory = _ => "1" };

        var command = new Command("ecg", "Train the demo ECG model (does a 2 s window contain a ventricular beat?) from the MIT-BIH records, with held-out metrics in its card.");
        shared.AddTo(command);
        command.Options.Add(config);
        command.Options.Add(thresholdBy);
        command.Options.Add(output);
        command.Options.Add(version);
        command.SetAction(parse => CommandErrors.Guard(() =>
        {
            var options = shared.TrainingOptions(parse);
            var source = new MitBihSource(parse.GetValue(config)!);
            var data = DatasetCatalog.Prepare(source, new DatasetOptions(parse.GetValue(shared.DataRoot)!, parse.GetValue(shared.ValidationFraction), options.Seed));
            Console.WriteLine($"{data.Name}: {data.DataDescription}");
            Console.WriteLine($"split: {data.SplitDescription}");
            Console.WriteLine($"label rule: {data.LabelRule}");
            var outputPath = parse.GetValue(output)!;
            using var outcome = EpochProgress.Run(data.Name, options.Epochs, progress => TrainingRun.Execute(data, options with { Progress = progress }, parse.GetValue(thresholdBy)));
            var card = ModelCardFactory.Create(Path.GetFileNameWithoutExtension(outputPath), parse.GetValue(version)!, data, options, outcome);
            ModelOutput.PrintSummary(outcome);
            foreach (var file in ModelOutput.Write(outputPath, card, outcome, data))
            {
                Console.WriteLine($"wrote {file}");
            }

            return 0;
        }));
        return command;
    }
}
