using System.CommandLine;
using StreamClassifier.Trainer.Data;

namespace StreamClassifier.Trainer.Commands;

/// <summary><c>train</c>: trains one model on one dataset and writes the ONNX file, its card and plots.</summary>
internal static class TrainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var shared = TrainerOptions.Create();
        var dataset = new Option<string>("--dataset") { Description = "ucr:NAME (UCR archive), csv:PATH (label,v0,v1,... per row), mitbih:CONFIG (JSON config, or mitbih:default) or recordings:CONFIG (own recordings + events, docs/own-data.md).", DefaultValueFactory = _ => "ucr:GunPoint" };
        var configFile = new TrainingConfigOptions();
        var model = new SingleModelOptions("ONNX file to write; {name} is replaced by the dataset name. The card (.card.json) and plots (.loss.png, .accuracy.png, .roc.png) go beside it.", "models/{name}.onnx");

        var command = new Command("train", "Train a binary Conv1D classifier on one dataset, calibrate its threshold on validation, evaluate on TEST, export ONNX + model card + plots.");
        command.Options.Add(dataset);
        command.Options.Add(configFile.Config);
        shared.AddTo(command);
        model.AddTo(command);
        command.SetAction(parse => CommandErrors.Guard(() =>
        {
            var config = configFile.Load(parse);
            var options = TrainingConfigOptions.Merge(parse, shared, config);
            var source = DatasetSource.Parse(parse.GetValue(dataset)!);
            var data = WindowedDataset.Prepare(source, shared.DatasetOptions(parse, options.Seed), config?.WindowLength);
            data = config?.Augmentation?.ApplyTo(data, options.Seed) ?? data;
            Console.WriteLine($"{data.Name}: train {data.Train.Count} ({data.Train.PositiveCount} positive), validation {data.Validation.Count}, test {data.Test?.Count ?? 0}; {data.Train.Channels} channel(s) × {data.Train.Length}");
            var outputPath = parse.GetValue(model.Output)!.Replace("{name}", SafeName(data.Name), StringComparison.Ordinal);
            model.TrainAndWrite(parse, data, options, outputPath);
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
