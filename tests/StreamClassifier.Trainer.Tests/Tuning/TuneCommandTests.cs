using System.Globalization;
using System.Text.Json.Nodes;
using StreamClassifier.Onnx;
using StreamClassifier.Onnx.Cards;
using StreamClassifier.Trainer.Commands;
using StreamClassifier.Trainer.Tests.Commands;
using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Tests.Tuning;

[Collection(nameof(ConsoleCollection))]
public sealed class TuneCommandTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("sc-tune-");
    private readonly string csv;

    public TuneCommandTests()
    {
        csv = scratch.File("bumps.csv");
        var windows = SyntheticWindows.Bumps(60, 1, 32, seed: 3);
        File.WriteAllLines(csv, Enumerable.Range(0, windows.Count).Select(row =>
            string.Join(',', [windows.Labels[row].ToString(CultureInfo.InvariantCulture), .. windows.Window(row).ToArray().Select(value => value.ToString("R", CultureInfo.InvariantCulture))])));
    }

    [Fact]
    public void Tune_writes_ranked_trials_and_a_best_config_that_train_accepts_and_trains()
    {
        var (exit, output, _) = Invoke(TuneCommand.Create(), [.. TuneArguments(scratch.File("search"))]);

        Assert.Equal(0, exit);
        var report = JsonNode.Parse(File.ReadAllText(scratch.File("search/trials.json")))!;
        var trials = report["trials"]!.AsArray();
        Assert.Equal(4 + 2, trials.Count); // 4 trials × 1 epoch, the best 2 × 2 epochs
        Assert.Equal([1, 2, 3, 4, 5, 6], trials.Select(trial => (int)trial!["rank"]!));
        Assert.All(trials.Take(2), trial => Assert.Equal(1, (int)trial!["rung"]!));
        Assert.Equal((int)trials[0]!["trial"]!, (int)report["best_trial"]!);
        Assert.Equal(8, (int)report["planned_epochs"]!);
        Assert.Contains("TEST not used", (string)report["validation"]!, StringComparison.Ordinal);
        Assert.All(trials, trial => Assert.InRange((double)trial!["validation_auc"]!, 0, 1));
        var markdown = File.ReadAllText(scratch.File("search/trials.md"));
        Assert.Contains("| rank | trial | rung | epochs |", markdown, StringComparison.Ordinal);
        Assert.Contains("4×1 ep → 2×2 ep", markdown, StringComparison.Ordinal);
        Assert.Contains("done", output, StringComparison.Ordinal);

        var best = TrainingConfig.Load(scratch.File("search/best.json"));
        Assert.Equal(Architecture.ConfigurableConv1D, best.Architecture);
        Assert.Equal(2, best.Epochs);
        Assert.Equal(trials[0]!["config"]!.ToJsonString(), JsonNode.Parse(best.ToJson())!.ToJsonString());

        var model = scratch.File("model/bumps.onnx");
        var (trainExit, _, trainError) = Invoke(TrainCommand.Create(), ["--dataset", "csv:" + csv, "--config", scratch.File("search/best.json"), "--threads", "1", "--output", model]);

        Assert.True(trainExit == 0, trainError);
        var card = ModelCardReader.TryRead(model);
        Assert.NotNull(card);
        Assert.StartsWith("ConfigurableConv1D " + best.Network!.Describe(), card.Training!.Architecture, StringComparison.Ordinal);
        Assert.Contains("max epochs 2", card.Training.Architecture, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_seed_and_trial_count_give_the_same_search()
    {
        Assert.Equal(0, Invoke(TuneCommand.Create(), [.. TuneArguments(scratch.File("first"))]).Exit);
        Assert.Equal(0, Invoke(TuneCommand.Create(), [.. TuneArguments(scratch.File("second"))]).Exit);

        Assert.Equal(WithoutTimes(scratch.File("first/trials.json")), WithoutTimes(scratch.File("second/trials.json")));
        Assert.Equal(File.ReadAllText(scratch.File("first/best.json")), File.ReadAllText(scratch.File("second/best.json")));
    }

    [Theory]
    [InlineData("""{ "depth": [0] }""", "space.json: depth: choice 1 is 0, expected a whole number of layers, at least 1; write e.g. [2, 3, 4].")]
    [InlineData("""{ "window_length": [16] }""", "space.json: window_length: bumps has series of a fixed length 32; remove window_length from the space")]
    public void A_bad_space_file_exits_with_2_and_says_what_to_fix(string json, string expected)
    {
        var space = scratch.File("space.json");
        File.WriteAllText(space, json);

        var (exit, _, error) = Invoke(TuneCommand.Create(), [.. TuneArguments(scratch.File("bad")), "--space", space]);

        Assert.Equal(2, exit);
        Assert.Contains("error: " + space.Replace("space.json", string.Empty, StringComparison.Ordinal), error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(scratch.File("bad")));
    }

    [Theory]
    [InlineData("--trials", "0", "--trials must be at least 1, got 0.")]
    [InlineData("--budget-minutes", "0", "--budget-minutes must be a positive number of minutes, got 0.")]
    public void Impossible_options_exit_with_2(string option, string value, string expected)
    {
        var arguments = TuneArguments(scratch.File("bad")).ToList();
        arguments[arguments.IndexOf(option) + 1] = value;

        var (exit, _, error) = Invoke(TuneCommand.Create(), [.. arguments]);

        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_refuses_a_broken_config_with_exit_code_2()
    {
        var config = scratch.File("broken.json");
        File.WriteAllText(config, """{ "network": { "filters": [8, 8], "kernel_sizes": [3] } }""");

        var (exit, _, error) = Invoke(TrainCommand.Create(), ["--dataset", "csv:" + csv, "--config", config, "--output", scratch.File("m.onnx")]);

        Assert.Equal(2, exit);
        Assert.Contains($"error: {config}: network.kernel_sizes: give one kernel size per layer (2 for filters 8, 8).", error, StringComparison.Ordinal);
    }

    public void Dispose() => scratch.Dispose();

    private IEnumerable<string> TuneArguments(string output) =>
        ["--dataset", "csv:" + csv, "--trials", "4", "--eta", "2", "--min-epochs", "1", "--max-epochs", "2", "--threads", "1", "--seed", "5", "--budget-minutes", "30", "--output", output];

    private static string WithoutTimes(string path)
    {
        var report = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        report.Remove("seconds");
        foreach (var trial in report["trials"]!.AsArray())
        {
            trial!.AsObject().Remove("seconds");
        }

        return report.ToJsonString();
    }

    private static (int Exit, string Output, string Error) Invoke(System.CommandLine.Command command, string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var previousOut = Console.Out;
        var previousError = Console.Error;
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (command.Parse(arguments).Invoke(), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
        }
    }
}
