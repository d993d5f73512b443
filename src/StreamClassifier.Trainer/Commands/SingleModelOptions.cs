using System.CommandLine;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Evaluation;
using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Commands;

/// <summary>
/// The options and the run of a command that trains one model and writes it (<c>train</c>, <c>ecg</c>):
/// <c>--threshold-by</c>, <c>--output</c> and <c>--model-version</c>, then train → card → summary → files.
/// </summary>
internal sealed class SingleModelOptions
{
    /// <summary>Creates the options; only <c>--output</c> differs between the commands.</summary>
    /// <param name="outputDescription">Help text of <c>--output</c>.</param>
    /// <param name="outputDefault">Default of <c>--output</c>.</param>
    public SingleModelOptions(string outputDescription, string outputDefault)
    {
        Output = new Option<string>("--output") { Description = outputDescription, DefaultValueFactory = _ => outputDefault };
    }

    /// <summary>--threshold-by (calibrated by F1 unless asked otherwise).</summary>
    public Option<ThresholdChoice> ThresholdBy { get; } = TrainerOptions.ThresholdBy(ThresholdChoice.F1, "Choose the decision threshold on validation by f1 or youden, or keep it fixed at 0.5.");

    /// <summary>--output.</summary>
    public Option<string> Output { get; }

    /// <summary>--model-version.</summary>
    public Option<string> Version { get; } = new("--model-version") { Description = "Version written to the model card.", DefaultValueFactory = _ => "1" };

    /// <summary>Adds the options to <paramref name="command"/> in the order <c>--help</c> lists them.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(ThresholdBy);
        command.Options.Add(Output);
        command.Options.Add(Version);
    }

    /// <summary>
    /// Trains on <paramref name="data"/> with the threshold choice the command line asks for, then writes the
    /// model, its card and plots to <paramref name="outputPath"/> and prints the summary and the files written.
    /// </summary>
    public void TrainAndWrite(ParseResult parse, PreparedDataset data, TrainingOptions options, string outputPath)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var thresholdBy = parse.GetValue(ThresholdBy);
        using var outcome = EpochProgress.Run(data.Name, options.Epochs, progress => TrainingRun.Execute(data, options with { Progress = progress }, thresholdBy));
        var card = ModelCardFactory.Create(Path.GetFileNameWithoutExtension(outputPath), parse.GetValue(Version)!, data, options, outcome);
        ModelOutput.PrintSummary(outcome);
        foreach (var file in ModelOutput.Write(outputPath, card, outcome, data))
        {
            Console.WriteLine($"wrote {file}");
        }
    }
}
