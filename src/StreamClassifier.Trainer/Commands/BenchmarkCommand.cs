using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Evaluation;
using StreamClassifier.Trainer.Reporting;
using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Commands;

/// <summary>
/// <c>benchmark</c>: trains and evaluates on each binary UCR dataset with a TEST split and writes the table
/// beside the published baselines. TEST is scored once per dataset after training and threshold choice.
/// </summary>
internal static class BenchmarkCommand
{
    /// <summary>Fewest epochs the time budget may cut a dataset to.</summary>
    public const int MinimumEpochs = 5;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var shared = TrainerOptions.Create(Architecture.Fcn, epochs: 100, batchSize: 16, learningRate: 1e-3, patience: 20);
        var datasets = new Option<string>("--datasets") { Description = "all-binary (every dataset under <data-root>/ucr with TRAIN and TEST) or a comma-separated list of names.", DefaultValueFactory = _ => "all-binary" };
        var budget = new Option<double>("--budget-minutes") { Description = "Wall-time budget for the whole run: epochs are capped from the measured speed so the rest fits, and datasets left when it is spent are listed as not run (0 = no budget).", DefaultValueFactory = _ => 120.0 };
        var output = new Option<string>("--output") { Description = "Markdown table to write; the JSON goes beside it with the same stem.", DefaultValueFactory = _ => "docs/ucr-results.md" };
        var baselines = new Option<string>("--baselines") { Description = "Published baselines CSV (default: the table shipped with the trainer); {data-root} is replaced by --data-root.", DefaultValueFactory = _ => PublishedBaselines.BundledPath };
        var thresholdBy = TrainerOptions.ThresholdBy(ThresholdChoice.Fixed, "Decision threshold for TEST accuracy: fixed 0.5 (like the published argmax accuracies), or chosen on validation by f1 or youden.");

        var command = new Command("benchmark", "Train and evaluate on binary UCR datasets and write docs/ucr-results.md (+ .json) beside FCN, ResNet, InceptionTime and ROCKET.");
        command.Options.Add(datasets);
        shared.AddTo(command);
        command.Options.Add(budget);
        command.Options.Add(thresholdBy);
        command.Options.Add(output);
        command.Options.Add(baselines);
        command.SetAction(parse => CommandErrors.Guard(() =>
        {
            var options = shared.TrainingOptions(parse);
            var dataRoot = parse.GetValue(shared.DataRoot)!;
            var ucrRoot = Path.Combine(dataRoot, "ucr");
            var universe = UcrArchive.DatasetsWithTestSplit(ucrRoot);
            var requested = parse.GetValue(datasets)!.Trim();
            var names = requested == "all-binary"
                ? universe
                : [.. requested.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            var baselineTable = PublishedBaselines.Load(parse.GetValue(baselines)!.Replace("{data-root}", dataRoot, StringComparison.Ordinal));
            // A closed-form model picks its regularisation by leave-one-out on TRAIN and, with the fixed 0.5
            // threshold, has no use for a validation split: unless asked otherwise it fits on all of TRAIN,
            // as the published baselines do.
            var validationGiven = parse.GetResult(shared.ValidationFraction) is { Implicit: false };
            var validationFraction = options.Architecture.IsClosedForm() && !validationGiven ? 0 : parse.GetValue(shared.ValidationFraction);
            var settings = new BenchmarkSettings(options, parse.GetValue(thresholdBy), validationFraction, TimeSpan.FromMinutes(parse.GetValue(budget)));
            Run(names, universe, dataRoot, settings, baselineTable, parse.GetValue(output)!);
            return 0;
        }));
        return command;
    }

    /// <summary>Runs the benchmark over <paramref name="names"/> and writes the table after every dataset (so an interrupted run still leaves one).</summary>
    public static BenchmarkReport Run(IReadOnlyList<string> names, IReadOnlyList<string> universe, string dataRoot, BenchmarkSettings settings, PublishedBaselines baselines, string outputPath)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(settings);
        var clock = Stopwatch.StartNew();
        // The machine may be shared: the load beside the wall time says how far the seconds are inflated.
        var loadAtStart = LoadAverage.Read();
        var results = new List<DatasetResult>();
        var notRun = new List<(string, string)>();
        var invariant = CultureInfo.InvariantCulture;

        // Cheapest first: early datasets measure the machine's speed for the budget estimate.
        var ordered = names.Select(name => (name, cost: EstimatedCost(dataRoot, name))).OrderBy(entry => entry.cost).Select(entry => entry.name).ToList();
        double measuredSeconds = 0, measuredUnits = 0;
        for (var i = 0; i < ordered.Count; i++)
        {
            var name = ordered[i];
            var remaining = settings.Budget - clock.Elapsed;
            if (settings.Budget > TimeSpan.Zero && remaining <= TimeSpan.Zero)
            {
                notRun.Add((name, string.Create(invariant, $"the time budget ({settings.Budget.TotalMinutes:0} min) was used up")));
                continue;
            }

            try
            {
                var datasetClock = Stopwatch.StartNew();
                var data = DatasetCatalog.PrepareUcr(name, new DatasetOptions(dataRoot, settings.ValidationFraction, settings.Training.Seed));
                if (data.Test is null)
                {
                    notRun.Add((name, "it has no TEST split here"));
                    continue;
                }

                var closedForm = settings.Training.Architecture.IsClosedForm();
                var unitsPerEpoch = (double)(data.Train.Count + data.Validation.Count) * data.Train.Length * data.Train.Channels * settings.Training.EnsembleSize;
                var (epochs, note) = CapEpochsToBudget(settings, closedForm, remaining, ordered.Count - i, measuredUnits > 0 ? measuredSeconds / measuredUnits : null, unitsPerEpoch);
                var training = settings.Training with { Epochs = epochs };
                using var outcome = EpochProgress.Run(name, epochs, progress => TrainingRun.Execute(data, training with { Progress = progress }, settings.ThresholdBy));
                var seconds = datasetClock.Elapsed.TotalSeconds;
                measuredSeconds += outcome.Seconds;
                measuredUnits += unitsPerEpoch / settings.Training.EnsembleSize * outcome.Model.History.Count;
                var test = outcome.Test!;
                var epochsRun = closedForm ? 0 : outcome.EpochsRun;
                note ??= closedForm && outcome.Model.FitNotes.Count > 0 ? string.Join("; ", outcome.Model.FitNotes) : null;
                results.Add(new DatasetResult(name, test.Accuracy, test.RocAuc, seconds, epochsRun, outcome.Threshold.Threshold, note));
                Console.WriteLine(string.Create(invariant, $"{name}: TEST accuracy {test.Accuracy:0.0000}, AUC {test.RocAuc:0.0000}, {(closedForm ? "closed form" : $"{epochsRun} epochs")}, {seconds:0.0} s"));
            }
            catch (Exception ex) when (ex is DatasetFormatException or ArgumentException)
            {
                notRun.Add((name, $"it failed: {ex.Message}"));
                Console.Error.WriteLine($"{name}: {ex.Message}");
            }

            WriteReport(outputPath, settings, results, notRun, clock.Elapsed.TotalSeconds, baselines, universe, loadAtStart);
        }

        return WriteReport(outputPath, settings, results, notRun, clock.Elapsed.TotalSeconds, baselines, universe, loadAtStart);
    }

    /// <summary>
    /// The epochs a dataset may train for: all of them, unless the time budget's even share for the
    /// datasets left affords fewer at the speed measured so far (never under the minimum). A
    /// closed-form fit runs whole or not at all, so it is never capped. The note says when it is capped.
    /// </summary>
    private static (int Epochs, string? Note) CapEpochsToBudget(BenchmarkSettings settings, bool closedForm, TimeSpan remaining, int datasetsLeft, double? secondsPerUnit, double unitsPerEpoch)
    {
        var epochs = settings.Training.Epochs;
        if (closedForm || settings.Budget <= TimeSpan.Zero || secondsPerUnit is not { } speed)
        {
            return (epochs, null);
        }

        var share = remaining.TotalSeconds / datasetsLeft;
        var affordable = (int)(share / (speed * unitsPerEpoch));
        if (affordable >= epochs)
        {
            return (epochs, null);
        }

        epochs = Math.Max(affordable, MinimumEpochs);
        return (epochs, string.Create(CultureInfo.InvariantCulture, $"epochs capped at {epochs} (of {settings.Training.Epochs}) to fit the time budget"));
    }

    private static BenchmarkReport WriteReport(string outputPath, BenchmarkSettings settings, List<DatasetResult> results, List<(string, string)> notRun, double seconds, PublishedBaselines baselines, IReadOnlyList<string> universe, string? loadAtStart)
    {
        var loadNow = LoadAverage.Read();
        var report = new BenchmarkReport
        {
            Load = loadAtStart is null || loadNow is null ? null : $"load average (1/5/15 min) {loadAtStart} at the start, {loadNow} at the end",
            Settings = settings.Describe(),
            Protocol = settings.Protocol(),
            ClosedForm = settings.Training.Architecture.IsClosedForm(),
            Results = [.. results.OrderBy(result => result.Dataset, StringComparer.Ordinal)],
            NotRun = [.. notRun],
            TotalSeconds = seconds,
        };
        UcrResultsWriter.Write(outputPath, report, baselines, universe);
        return report;
    }

    private static long EstimatedCost(string dataRoot, string name)
    {
        var train = Path.Combine(dataRoot, "ucr", name, $"{name}_TRAIN.tsv");
        return File.Exists(train) ? new FileInfo(train).Length : long.MaxValue;
    }
}

/// <summary>How the benchmark trains and decides.</summary>
/// <remarks>For a closed-form architecture <paramref name="ValidationFraction"/> may be 0 (fit on all of TRAIN).</remarks>
/// <param name="Training">Training options (epochs are the cap before the budget).</param>
/// <param name="ThresholdBy">How the TEST decision threshold is chosen.</param>
/// <param name="ValidationFraction">Stratified fraction of TRAIN used for validation.</param>
/// <param name="Budget">Total wall-time budget (zero = none).</param>
internal sealed record BenchmarkSettings(TrainingOptions Training, ThresholdChoice ThresholdBy, double ValidationFraction, TimeSpan Budget)
{
    /// <summary>The settings in words for the table.</summary>
    public string Describe() => Training.Architecture.IsClosedForm()
        ? string.Create(
            CultureInfo.InvariantCulture,
            $"{Training.Architecture}, {Training.MiniRocketFeatures / Networks.MiniRocketLayout.KernelCount * Networks.MiniRocketLayout.KernelCount} features, ridge head (alpha by leave-one-out over 10⁻³…10³), ensemble of {Training.EnsembleSize}, seed {Training.Seed}, {(ValidationFraction > 0 ? $"validation {ValidationFraction * 100:0.#}% of TRAIN (stratified, not used to fit)" : "fitted on all of TRAIN")}, threshold {(ThresholdBy == ThresholdChoice.Fixed ? "0.5" : "by " + ThresholdBy.ToString().ToLowerInvariant() + " on validation")}, budget {(Budget > TimeSpan.Zero ? $"{Budget.TotalMinutes:0} min" : "none")}")
        : string.Create(
        CultureInfo.InvariantCulture,
        $"{Training.Architecture}, width ×{Training.WidthScale:0.##}, ensemble of {Training.EnsembleSize}, epochs ≤ {Training.Epochs}, batch {Training.BatchSize}, Adam lr {Training.LearningRate:0.#####} halved on plateaus, early-stopping patience {Training.Patience}, class weights {(Training.ClassWeights ? "on" : "off")}, seed {Training.Seed}, validation {ValidationFraction * 100:0.#}% of TRAIN (stratified), threshold {(ThresholdBy == ThresholdChoice.Fixed ? "0.5" : "by " + ThresholdBy.ToString().ToLowerInvariant() + " on validation")}, budget {(Budget > TimeSpan.Zero ? $"{Budget.TotalMinutes:0} min" : "none")}");

    /// <summary>How TRAIN and TEST were used, in words for the table.</summary>
    public string Protocol() => Training.Architecture.IsClosedForm()
        ? (ValidationFraction > 0
            ? "Protocol: each dataset's TRAIN file is split (stratified, seeded) into training and validation rows. The model is fitted in closed form on the training rows (MiniRocket biases from their convolution quantiles; the ridge's regularisation by leave-one-out over those rows); validation only sets the decision threshold when one is calibrated. The TEST file is read only after fitting, for the figures below, and influences nothing else. Accuracy is on the full TEST file."
            : "Protocol: the model is fitted in closed form on each dataset's whole TRAIN file (MiniRocket biases from TRAIN convolution quantiles; the ridge's regularisation chosen by leave-one-out cross-validation over the TRAIN rows), like the published baselines, which also train on all of TRAIN; the decision threshold is the fixed 0.5. The TEST file is read only after fitting, for the figures below, and influences nothing else. Accuracy is on the full TEST file.")
        : "Protocol: each dataset's TRAIN file is split (stratified, seeded) into training and validation rows; validation drives early stopping, checkpoint selection and the decision threshold. The TEST file is read only after training, for the figures below, and influences nothing else. Accuracy is on the full TEST file.";
}
