using System.Globalization;
using Spectre.Console;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Training;
using StreamClassifier.Trainer.Tuning;

namespace StreamClassifier.Trainer.Tests.Tuning;

public sealed class TrialTableTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("sc-table-");

    [Fact]
    public void An_interactive_console_shows_every_trial_with_its_figures_in_a_live_table()
    {
        var csv = scratch.File("bumps.csv");
        var windows = SyntheticWindows.Bumps(40, 1, 24, seed: 2);
        File.WriteAllLines(csv, Enumerable.Range(0, windows.Count).Select(row =>
            string.Join(',', [windows.Labels[row].ToString(CultureInfo.InvariantCulture), .. windows.Window(row).ToArray().Select(value => value.ToString("R", CultureInfo.InvariantCulture))])));
        var data = new TuningData(DatasetSource.Parse("csv:" + csv), new DatasetOptions(scratch.Path, 0.25, 3));
        var space = SearchSpaceFile.Parse("""{ "depth": [1], "filters": [4, 6], "kernel_size": [3] }""", "space.json");
        var configs = space.SampleDistinct(new SeededRandom(3), new TrainingConfig { Seed = 3 }, 24, 2);
        var runner = new TrialRunner(data, configs, TuningMetric.Auc, threads: 1);
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.Yes, Out = new AnsiConsoleOutput(output) });
        console.Profile.Width = 250;

        var outcome = TrialTable.Run(runner, report => SuccessiveHalving.Run(new HalvingSettings(2, 2, 1, 1), runner.Evaluate, () => TimeSpan.Zero, TimeSpan.FromHours(1), report), console);

        var text = output.ToString();
        Assert.Equal(2, outcome.Records.Count);
        foreach (var column in TrialTable.Columns)
        {
            Assert.Contains(column, text, StringComparison.Ordinal);
        }

        foreach (var record in outcome.Records)
        {
            var cells = TrialTable.Cells(runner, record);
            Assert.Equal("done", cells[3]);
            Assert.Contains(cells[4], text, StringComparison.Ordinal); // the AUC
            Assert.Contains(cells[9], text, StringComparison.Ordinal); // the network
        }
    }

    public void Dispose() => scratch.Dispose();
}
