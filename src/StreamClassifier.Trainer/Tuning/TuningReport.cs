using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StreamClassifier.Trainer.Tuning;

/// <summary>What a search was asked to do and on which data, for the report.</summary>
/// <param name="Dataset">The dataset's name.</param>
/// <param name="Data">Where the data came from.</param>
/// <param name="Validation">How trials were validated.</param>
/// <param name="Space">The search-space file.</param>
/// <param name="Metric">What ranked the trials.</param>
/// <param name="Seed">Seed of the draws, splits and training.</param>
/// <param name="Settings">The successive-halving shape.</param>
/// <param name="BudgetMinutes">Time budget.</param>
/// <param name="Seconds">Wall time of the search.</param>
internal sealed record TuningSummary(string Dataset, string Data, string Validation, string Space, TuningMetric Metric, int Seed, HalvingSettings Settings, double BudgetMinutes, double Seconds);

/// <summary>Writes a search's results: <c>trials.md</c> and <c>trials.json</c> (every trial ranked) and <c>best.json</c> (the best trial's training config, for <c>train --config</c>).</summary>
internal static class TuningReport
{
    /// <summary>Writes the files into <paramref name="folder"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string folder, TuningSummary summary, HalvingOutcome outcome, TrialRunner runner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(runner);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        var markdown = Path.Combine(folder, "trials.md");
        File.WriteAllText(markdown, Markdown(summary, outcome, runner));
        written.Add(markdown);
        var json = Path.Combine(folder, "trials.json");
        File.WriteAllText(json, Json(summary, outcome, runner).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine);
        written.Add(json);
        if (outcome.Best is { } best)
        {
            var path = Path.Combine(folder, "best.json");
            runner.ConfigOf(best.Request).Save(path);
            written.Add(path);
        }

        return written;
    }

    /// <summary>The Markdown report.</summary>
    public static string Markdown(TuningSummary summary, HalvingOutcome outcome, TrialRunner runner)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(runner);
        var invariant = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(invariant, $"# Search on {summary.Dataset}");
        text.AppendLine();
        text.AppendLine(invariant, $"- data: {summary.Data}");
        text.AppendLine(invariant, $"- split: {summary.Validation}");
        text.AppendLine(invariant, $"- space: {summary.Space}; seed {summary.Seed}; ranked by validation {MetricName(summary.Metric)}");
        text.AppendLine(invariant, $"- successive halving, η = {summary.Settings.Eta}: {SuccessiveHalving.Describe(outcome.Plan)} ({outcome.PlannedEpochs} epochs planned, {outcome.EpochsRun} run)");
        text.AppendLine(invariant, $"- budget {summary.BudgetMinutes:0.#} min, wall time {summary.Seconds / 60:0.0} min; {outcome.Records.Count} trials run, {outcome.NotRun} planned trials not run (budget spent)");
        text.AppendLine(invariant, $"- best: {(outcome.Best is { } best ? $"trial {best.Request.Trial} (rung {best.Request.Rung}, {best.Request.Epochs} epochs), written to best.json" : "none finished")}");
        text.AppendLine();
        text.AppendLine("| rank | " + string.Join(" | ", TrialTable.Columns) + " |");
        text.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", TrialTable.Columns.Count + 1)));
        var rank = 1;
        foreach (var record in outcome.Ranked)
        {
            text.AppendLine(invariant, $"| {rank++} | {string.Join(" | ", TrialTable.Cells(runner, record).Select(cell => cell.Replace("|", "\\|", StringComparison.Ordinal)))} |");
        }

        return text.ToString();
    }

    private static JsonObject Json(TuningSummary summary, HalvingOutcome outcome, TrialRunner runner)
    {
        var trials = new JsonArray();
        var rank = 1;
        foreach (var record in outcome.Ranked)
        {
            var figures = runner.MetricsOf(record.Request);
            trials.Add(new JsonObject
            {
                ["rank"] = rank++,
                ["trial"] = record.Request.Trial,
                ["rung"] = record.Request.Rung,
                ["epochs"] = record.Request.Epochs,
                ["epochs_run"] = record.Score?.EpochsRun,
                ["status"] = record.Status.ToString().ToLowerInvariant(),
                ["error"] = record.Score?.Error,
                ["validation_auc"] = Number(figures?.Auc),
                ["validation_f1"] = Number(figures?.F1),
                ["validation_balanced_accuracy"] = Number(figures?.BalancedAccuracy),
                ["validation_loss"] = Number(figures?.Loss),
                ["seconds"] = Math.Round(record.Seconds, 2),
                ["config"] = JsonNode.Parse(runner.ConfigOf(record.Request).ToJson()),
            });
        }

        return new JsonObject
        {
            ["dataset"] = summary.Dataset,
            ["data"] = summary.Data,
            ["validation"] = summary.Validation,
            ["space"] = summary.Space,
            ["metric"] = MetricName(summary.Metric),
            ["seed"] = summary.Seed,
            ["eta"] = summary.Settings.Eta,
            ["rungs"] = new JsonArray([.. outcome.Plan.Select(rung => (JsonNode)new JsonObject { ["rung"] = rung.Index, ["trials"] = rung.Trials, ["epochs"] = rung.Epochs })]),
            ["planned_epochs"] = outcome.PlannedEpochs,
            ["epochs_run"] = outcome.EpochsRun,
            ["not_run"] = outcome.NotRun,
            ["budget_minutes"] = summary.BudgetMinutes,
            ["seconds"] = Math.Round(summary.Seconds, 1),
            ["best_trial"] = outcome.Best?.Request.Trial,
            ["trials"] = trials,
        };
    }

    private static string MetricName(TuningMetric metric) => JsonNamingPolicy.SnakeCaseLower.ConvertName(metric.ToString());

    // JSON has no NaN (an AUC with one class in validation): such figures are null.
    private static double? Number(double? value) => value is { } number && double.IsFinite(number) ? Math.Round(number, 6) : null;
}
