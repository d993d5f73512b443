using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Training;
using StreamClassifier.Trainer.Tuning;

namespace StreamClassifier.Trainer.Commands;

/// <summary>
/// <c>tune</c>: random search with successive halving over a ConfigurableConv1D search space, validated on held-out
/// records or a stratified split of TRAIN (never TEST); writes the ranked trials and the best config (docs/tuning.md).
/// </summary>
internal static class TuneCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var shared = TrainerOptions.Create(patience: 10);
        var dataset = new Option<string>("--dataset") { Description = "ucr:NAME, csv:PATH or mitbih:CONFIG, as for train. Validation: whole held-out records for mitbih, a stratified split of TRAIN otherwise; TEST is never used.", DefaultValueFactory = _ => "ucr:GunPoint" };
        var space = new Option<string>("--space") { Description = "Search-space JSON (docs/tuning.md); default = Configs/tune-space.json beside the executable.", DefaultValueFactory = _ => "default" };
        var trials = new Option<int>("--trials") { Description = "Configurations drawn for the first rung (the seed and this number fix the whole schedule).", DefaultValueFactory = _ => 27 };
        var eta = new Option<int>("--eta") { Description = "Each rung keeps the best 1/eta and trains them eta times longer.", DefaultValueFactory = _ => 3 };
        var minEpochs = new Option<int>("--min-epochs") { Description = "Epochs of the first rung.", DefaultValueFactory = _ => 3 };
        var maxEpochs = new Option<int>("--max-epochs") { Description = "Epochs of the last rung and of best.json.", DefaultValueFactory = _ => 27 };
        var budget = new Option<double>("--budget-minutes") { Description = "Time budget: no trial starts after it is spent (the report lists the trials not run).", DefaultValueFactory = _ => 30 };
        var metric = new Option<TuningMetric>("--metric") { Description = "Validation figure that ranks trials: auc, f1 (best over thresholds), balancedaccuracy (at 0.5) or loss.", DefaultValueFactory = _ => TuningMetric.Auc };
        var output = new Option<string>("--output") { Description = "Folder for trials.md, trials.json and best.json; {name} is replaced by the dataset name.", DefaultValueFactory = _ => "tune/{name}" };

        var command = new Command("tune", "Search network and training settings (random search with successive halving within a time budget), validated on held-out data; write the ranked trials and the best config for train --config.");
        foreach (var option in new Option[] { dataset, space, trials, eta, minEpochs, maxEpochs, budget, metric, shared.Patience, shared.Seed, shared.Width, shared.Threads, shared.NoClassWeights, shared.ValidationFraction, shared.DataRoot, output })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CommandErrors.Guard(() =>
        {
            var settings = new HalvingSettings(parse.GetValue(trials), parse.GetValue(eta), parse.GetValue(minEpochs), parse.GetValue(maxEpochs));
            settings.Validate();
            var timeBudget = BudgetOf(parse.GetValue(budget));
            var seed = parse.GetValue(shared.Seed);
            var spacePath = parse.GetValue(space)!;
            var searchSpace = SearchSpaceFile.Load(spacePath);
            var source = DatasetSource.Parse(parse.GetValue(dataset)!);
            var data = new TuningData(source, new DatasetOptions(parse.GetValue(shared.DataRoot)!, parse.GetValue(shared.ValidationFraction), seed));
            CheckWindowLengthFits(searchSpace, spacePath, data);

            var template = new TrainingConfig
            {
                Seed = seed,
                Patience = parse.GetValue(shared.Patience),
                WidthScale = parse.GetValue(shared.Width),
                ClassWeights = !parse.GetValue(shared.NoClassWeights),
                Epochs = settings.MaxEpochs,
            };
            var random = new SeededRandom(seed);
            var configs = searchSpace.SampleDistinct(random, template, data.Default.Train.Length, settings.Trials);
            var runner = new TrialRunner(data, configs, parse.GetValue(metric), parse.GetValue(shared.Threads));
            var folder = parse.GetValue(output)!.Replace("{name}", TrainCommand.SafeName(data.Default.Name), StringComparison.Ordinal);
            var summary = Search(data, runner, settings, timeBudget, spacePath, seed);
            foreach (var file in TuningReport.Write(folder, summary.Summary, summary.Outcome, runner))
            {
                Console.WriteLine($"wrote {file}");
            }

            if (summary.Outcome.Best is null)
            {
                Console.Error.WriteLine("error: no trial finished; the table says why each failed.");
                return 1;
            }

            Console.WriteLine($"train it with: streamclassifier-train train --dataset {parse.GetValue(dataset)} --config {Path.Combine(folder, "best.json")}");
            return 0;
        }));
        return command;
    }

    private static TimeSpan BudgetOf(double minutes) =>
        minutes > 0 && !double.IsInfinity(minutes)
            ? TimeSpan.FromMinutes(minutes)
            : throw new ArgumentException($"--budget-minutes must be a positive number of minutes, got {minutes.ToString(CultureInfo.InvariantCulture)}.");

    /// <summary>A space may vary the window length only of data whose series can be re-cut (recordings).</summary>
    private static void CheckWindowLengthFits(SearchSpace searchSpace, string spacePath, TuningData data)
    {
        if (searchSpace.WindowLength is not null && !data.HasWindowLength)
        {
            throw new ArgumentException($"{spacePath}: window_length: {data.Default.Name} has series of a fixed length {data.Default.Train.Length}; remove window_length from the space (only recordings such as mitbih: can be re-cut).");
        }
    }

    private static (TuningSummary Summary, HalvingOutcome Outcome) Search(TuningData data, TrialRunner runner, HalvingSettings settings, TimeSpan budget, string spacePath, int seed)
    {
        var invariant = CultureInfo.InvariantCulture;
        var prepared = data.Default;
        Console.WriteLine(string.Create(invariant, $"{prepared.Name}: train {prepared.Train.Count} ({prepared.Train.PositiveCount} positive), validation {prepared.Validation.Count} ({prepared.Validation.PositiveCount} positive); {prepared.Train.Channels} channel(s) × {prepared.Train.Length}"));
        Console.WriteLine($"validation: {prepared.SplitDescription}");
        var plan = SuccessiveHalving.Plan(settings);
        Console.WriteLine(string.Create(invariant, $"successive halving, eta {settings.Eta}: {SuccessiveHalving.Describe(plan)}; budget {budget.TotalMinutes:0.#} min"));
        var clock = Stopwatch.StartNew();
        var outcome = TrialTable.Run(runner, report => SuccessiveHalving.Run(settings, runner.Evaluate, () => clock.Elapsed, budget, report));
        var summary = new TuningSummary(prepared.Name, prepared.DataDescription, prepared.SplitDescription, spacePath, runner.Metric, seed, settings, budget.TotalMinutes, clock.Elapsed.TotalSeconds);
        return (summary, outcome);
    }
}
