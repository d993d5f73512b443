using System.Globalization;
using Spectre.Console;
using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Tuning;

/// <summary>
/// Shows the trials as they run: a live Spectre.Console table (one row per trial and rung, updated when it starts and
/// ends; when it outgrows the terminal the oldest rows are cropped so the running trial stays in view) on an
/// interactive console, one plain line per finished trial otherwise (logs, CI).
/// </summary>
internal static class TrialTable
{
    /// <summary>The columns of the table, also used by the Markdown report.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["trial", "rung", "epochs", "status", "AUC", "F1", "bal. acc.", "val. loss", "s", "network", "lr", "batch", "augmentation", "window"];

    /// <summary>Runs <paramref name="search"/> with a reporter wired to <paramref name="console"/> (default: the terminal).</summary>
    public static T Run<T>(TrialRunner runner, Func<Action<TrialRecord>, T> search, IAnsiConsole? console = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(search);
        console ??= AnsiConsole.Console;
        if (!console.Profile.Capabilities.Interactive)
        {
            return search(record =>
            {
                if (record.Status != TrialStatus.Running)
                {
                    Console.WriteLine(string.Join(" | ", Cells(runner, record)));
                }
            });
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in Columns)
        {
            table.AddColumn(column);
        }

        T result = default!;
        console.Live(table).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).Cropping(VerticalOverflowCropping.Top).Start(context =>
        {
            result = search(record =>
            {
                var cells = Cells(runner, record).Select(Markup.Escape).ToArray();
                if (record.Status == TrialStatus.Running)
                {
                    table.AddRow(cells);
                }
                else
                {
                    for (var column = 0; column < cells.Length; column++)
                    {
                        table.UpdateCell(table.Rows.Count - 1, column, cells[column]);
                    }
                }

                context.Refresh();
            });
        });
        return result;
    }

    /// <summary>The cells of one trial's row, in <see cref="Columns"/> order.</summary>
    public static IReadOnlyList<string> Cells(TrialRunner runner, TrialRecord record)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(record);
        var invariant = CultureInfo.InvariantCulture;
        var config = runner.Configs[record.Request.Trial];
        var figures = runner.MetricsOf(record.Request);
        string Figure(Func<TrialMetrics, double> pick) => figures is null ? "—" : pick(figures).ToString("0.0000", invariant);
        return
        [
            record.Request.Trial.ToString(invariant),
            record.Request.Rung.ToString(invariant),
            record.Score is { } score ? string.Create(invariant, $"{score.EpochsRun}/{record.Request.Epochs}") : record.Request.Epochs.ToString(invariant),
            record.Status switch { TrialStatus.Running => "running", TrialStatus.Done => "done", _ => "failed: " + record.Score?.Error },
            Figure(metrics => metrics.Auc),
            Figure(metrics => metrics.F1),
            Figure(metrics => metrics.BalancedAccuracy),
            Figure(metrics => metrics.Loss),
            record.Status == TrialStatus.Running ? "—" : record.Seconds.ToString("0.0", invariant),
            (config.Network ?? new Networks.ConvStackSpec()).Describe(),
            config.LearningRate.ToString("0.#####", invariant),
            config.BatchSize.ToString(invariant),
            config.Augmentation?.Describe() ?? "none",
            config.WindowLength?.ToString(invariant) ?? "own",
        ];
    }
}
