using System.CommandLine;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Evaluation;

namespace StreamClassifier.Trainer.Commands;

/// <summary><c>train</c>: trains one model on one dataset and writes the ONNX file, its card and plots.</summary>
public static class TrainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var shared = TrainerOptions.Create();
        var dataset = new Option<string>("--dataset") { Description = "ucr:NAME (UCR archive), csv:PATH (label,v0,v1,... per row) or mitbih:CONFIG (JSON config, or mitbih:default).", DefaultValueFactory = _ => "ucr:GunPoint" };
        var thresholdBy = TrainerOptions.ThresholdBy(ThresholdChoice.F1, "Choose the decision threshold on validation by f1 or youden, or keep it fixed at 0.5.");
        var output = new Option<string>("--output") { Description = "ONNX file to write; {name} is replaced by the dataset name. The card (.card.json) and plots (.loss.png, .accuracy.png, .roc.png) go beside it.", DefaultValueFactory = _ => "models/{name}.onnx" };
        var version = new Option<string>("--model-version") { Description = "Version written to the model card.", DefaultValueFactory = _ => "1" };

        var command = new Command("train", "Train a binary Conv1D classifier on one dataset, calibrate its threshold on validation, evaluate on TEST, export ONNX + model card + plots.");
        command.Options.Add(dataset);
        shared.AddTo(command);
        command.Options.Add(thresholdBy);
        command.Options.Add(output);
        command.Options.Add(version);
        command.SetAction(parse => CommandErrors.Guard(() =>
        {
            var options = shared.TrainingOptions(parse);
            var source = DatasetSource.Parse(parse.GetValue(dataset)!);
            var data = DatasetCatalog.Prepare(source, new DatasetOptions(parse.GetValue(shared.DataRoot)!, parse.GetValue(shared.ValidationFraction), options.Seed));
            Console.WriteLine($"{data.Name}: train {data.Train.Count} ({data.Train.PositiveCount} positive), validation {data.Validation.Count}, test {data.Test?.Count ?? 0}; {data.Train.Channels} channel(s) × {data.Train.Length}");
            var name = SafeName(data.Name);
            var outputPath = parse.GetValue(output)!.Replace("{name}", name, StringComparison.Ordinal);
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

    /// <summary>A file-name-safe, lower-case form of a dataset name.</summary>
    public static string SafeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var safe = new string([.. name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? char.ToLowerInvariant(c) : '-')]);
        return safe.Length == 0 ? "model" : safe;
    }
}
