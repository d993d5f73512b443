using System.CommandLine;
using StreamClassifier.Testing;
using StreamClassifier.Trainer.Commands;
using StreamClassifier.Trainer.Evaluation;
using StreamClassifier.Trainer.Reporting;
using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Tests.Commands;

[Collection(nameof(ConsoleCollection))]
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("train", new[] { "--dataset", "--arch", "--epochs", "--batch-size", "--lr", "--seed", "--ensemble", "--width", "--threshold-by", "--output" })]
    [InlineData("benchmark", new[] { "--datasets", "--arch", "--budget-minutes", "--output", "--baselines", "--threshold-by" })]
    [InlineData("ecg", new[] { "--config", "--arch", "--epochs", "--output", "--threshold-by" })]
    public void Every_value_option_shows_its_default_in_help(string commandName, string[] expectedOptions)
    {
        var command = Create(commandName);
        var root = new RootCommand { command };
        var output = new StringWriter();

        var exitCode = root.Parse([commandName, "--help"]).Invoke(new InvocationConfiguration { Output = output });

        Assert.Equal(0, exitCode);
        var help = output.ToString();
        foreach (var option in expectedOptions)
        {
            Assert.Contains(option, help, StringComparison.Ordinal);
        }

        foreach (var option in command.Options.Where(option => option.ValueType != typeof(bool)))
        {
            Assert.True(option.HasDefaultValue, $"{commandName} {option.Name} has no default");
        }

        var lines = help.Split('\n').Where(line => line.TrimStart().StartsWith("--", StringComparison.Ordinal) && !line.Contains("--help", StringComparison.Ordinal));
        Assert.All(lines, line => Assert.Contains("default", line, StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_dataset_kind_fails_with_exit_code_2_and_says_what_to_write()
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            var exitCode = TrainCommand.Create().Parse(["--dataset", "kaggle:titanic"]).Invoke();

            Assert.Equal(2, exitCode);
        }
        finally
        {
            Console.SetError(previous);
        }

        Assert.Contains("--dataset 'kaggle:titanic' is not understood. Use ucr:NAME", error.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Benchmark_writes_the_table_for_the_datasets_it_ran()
    {
        DataRequirement.Require(DataRequirement.Ucr);
        using var scratch = new ScratchDirectory("benchmark-");
        var output = scratch.File("ucr-results.md");
        var settings = new BenchmarkSettings(new TrainingOptions { Architecture = Architecture.ConvDense, Epochs = 2, Seed = 1, Threads = 1 }, ThresholdChoice.Fixed, 0.2, TimeSpan.Zero);
        var baselines = PublishedBaselines.Load(PublishedBaselines.BundledPath);

        var report = BenchmarkCommand.Run(["Chinatown", "Wafer"], ["Chinatown"], SharedPaths.Datasets(), settings, baselines, output);

        var chinatown = Assert.Single(report.Results);
        Assert.Equal("Chinatown", chinatown.Dataset);
        Assert.InRange(chinatown.Accuracy, 0, 1);
        Assert.Equal(0.5, chinatown.Threshold);
        Assert.Equal("Wafer", Assert.Single(report.NotRun).Dataset);
        Assert.Contains("| Chinatown |", File.ReadAllText(output), StringComparison.Ordinal);
        Assert.Contains("\"mean_accuracy\"", File.ReadAllText(scratch.File("ucr-results.json")), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Benchmark_fits_MiniRocket_on_all_of_TRAIN_and_says_so()
    {
        DataRequirement.Require(DataRequirement.Ucr);
        using var scratch = new ScratchDirectory("benchmark-");
        var output = scratch.File("ucr-results.md");
        var settings = new BenchmarkSettings(new TrainingOptions { Architecture = Architecture.MiniRocket, MiniRocketFeatures = 84 * 20, Seed = 1, Threads = 1 }, ThresholdChoice.Fixed, 0, TimeSpan.FromMinutes(30));
        var baselines = PublishedBaselines.Load(PublishedBaselines.BundledPath);

        var report = BenchmarkCommand.Run(["ItalyPowerDemand"], ["ItalyPowerDemand"], SharedPaths.Datasets(), settings, baselines, output);

        var result = Assert.Single(report.Results);
        Assert.True(result.Accuracy > 0.9, $"ItalyPowerDemand accuracy {result.Accuracy}");
        Assert.Equal(0, result.Epochs);
        Assert.Contains("ridge alpha", result.Note, StringComparison.Ordinal);
        var table = File.ReadAllText(output);
        Assert.Contains("MiniRocket, 1680 features", table, StringComparison.Ordinal);
        Assert.Contains("fitted in closed form on each dataset's whole TRAIN file", table, StringComparison.Ordinal);
        Assert.Contains("| — |", table, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GunPoint", "gunpoint")]
    [InlineData("ecg pvc/v2", "ecg-pvc-v2")]
    public void Model_names_are_file_safe(string name, string expected) => Assert.Equal(expected, TrainCommand.SafeName(name));

    private static Command Create(string name) => name switch
    {
        "train" => TrainCommand.Create(),
        "benchmark" => BenchmarkCommand.Create(),
        _ => EcgCommand.Create(),
    };
}

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;
