using System.CommandLine;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Data.MitBih;
using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Commands;

/// <summary>
/// <c>ecg</c>: a "window contains a ventricular beat" model split by time within each record (the same
/// patients in train and test; the demo model is <see cref="EcgTrainCommand"/>'s inter-patient one). MIT-BIH records → the worker's bandpass 0.5–40 Hz (order 4) and 60 Hz notch
/// (q 30) → 2 s windows (720 samples) every 0.25 s (90) at 360 Hz → per-window z-score → "contains a
/// ventricular beat" → model, card and plots in models/. The last 30% of every record is held out (TEST)
/// for the card's metrics and for the worker demo's replay.
/// </summary>
internal static class EcgCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        // ConvBatchNorm at half width: trains in minutes on 2 cores on ~30,000 windows of 2 × 720 (docs/datasets.md).
        var shared = TrainerOptions.Create(Architecture.ConvBatchNorm, epochs: 12, batchSize: 64, learningRate: 1e-3, patience: 4, width: 0.5);
        var config = new Option<string>("--config") { Description = "MIT-BIH config JSON (docs/datasets.md), or 'default' for the built-in demo configuration (= Configs/mitbih-ventricular.json).", DefaultValueFactory = _ => "default" };
        var model = new SingleModelOptions("ONNX file to write; card and plots go beside it.", "models/ecg-pvc-intra.onnx");

        var command = new Command("ecg", "Train an ECG model (does a 2 s window contain a ventricular beat?) split by time within each MIT-BIH record (same patients in train and test), with held-out metrics in its card.");
        shared.AddTo(command);
        command.Options.Add(config);
        model.AddTo(command);
        command.SetAction(parse => CommandErrors.Guard(() =>
        {
            var options = shared.TrainingOptions(parse);
            var source = new MitBihSource(parse.GetValue(config)!);
            var data = DatasetCatalog.Prepare(source, shared.DatasetOptions(parse, options.Seed));
            Console.WriteLine($"{data.Name}: {data.DataDescription}");
            Console.WriteLine($"split: {data.SplitDescription}");
            Console.WriteLine($"label rule: {data.LabelRule}");
            model.TrainAndWrite(parse, data, options, parse.GetValue(model.Output)!);
            return 0;
        }));
        return command;
    }
}
