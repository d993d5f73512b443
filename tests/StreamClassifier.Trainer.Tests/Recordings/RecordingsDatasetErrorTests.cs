using StreamClassifier.Testing;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Data.Recordings;

namespace StreamClassifier.Trainer.Tests.Recordings;

/// <summary>Mistakes a user can make with their own recordings get one message naming the file, line or key, and the fix.</summary>
public sealed class RecordingsDatasetErrorTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sc-own-data-errors-").FullName;

    public RecordingsDatasetErrorTests()
    {
        PlantedPatternRecordings.Write(folder, seed: 3);
        var docs = File.ReadAllText(SharedPaths.Repo("docs", "own-data.md"));
        var yaml = docs[(docs.IndexOf("```yaml\n", StringComparison.Ordinal) + 8)..];
        Directory.CreateDirectory(Path.Combine(folder, "topologies"));
        File.WriteAllText(Path.Combine(folder, "topologies", "pumps.yaml"), yaml[..yaml.IndexOf("```", StringComparison.Ordinal)]);
    }

    [Fact]
    public void An_event_that_ends_before_it_starts_names_the_line()
    {
        File.AppendAllText(Path.Combine(folder, "events.csv"), "pump-01,5000,4000,fault\n");
        var message = Fail(Config());
        Assert.Matches(@"events\.csv:\d+: end_ms 4000 is not after start_ms 5000\.", message);
    }

    [Fact]
    public void An_event_of_a_sensor_without_recordings_is_refused()
    {
        File.AppendAllText(Path.Combine(folder, "events.csv"), "pmup-01,5000,6000,fault\n");
        Assert.Contains("events name sensor 'pmup-01', but no recording has a window of it", Fail(Config()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_split_sensor_without_recordings_and_a_part_without_both_classes_are_refused()
    {
        Assert.Contains("split: sensor 'pump-99' is listed but no recording has it", Fail(Config(validation: "\"pump-99\"")), StringComparison.Ordinal);

        // Validation on a sensor with no events: nothing to calibrate on.
        File.WriteAllText(Path.Combine(folder, "events.csv"), string.Join('\n', File.ReadAllLines(Path.Combine(folder, "events.csv")).Where(line => !line.StartsWith("pump-05", StringComparison.Ordinal))) + "\n");
        Assert.Contains("the validation sensors (pump-05) have 0 positive and", Fail(Config()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_recording_pattern_matching_nothing_and_an_unknown_key_name_the_key()
    {
        Assert.Contains("recordings: 'recordings/*.tsv' matches no file", Fail(Config(recordings: "\"recordings/*.tsv\"")), StringComparison.Ordinal);
        var path = Path.Combine(folder, "typo.json");
        File.WriteAllText(path, File.ReadAllText(Config()).Replace("\"events\"", "\"event\"", StringComparison.Ordinal));
        Assert.Contains("invalid recordings config at $.event", Fail(path), StringComparison.Ordinal);
    }

    [Fact]
    public void The_train_command_prints_the_message_and_exits_with_2()
    {
        File.AppendAllText(Path.Combine(folder, "events.csv"), "pump-01,5000,4000,fault\n");
        var errors = new StringWriter();
        var original = Console.Error;
        Console.SetError(errors);
        try
        {
            Assert.Equal(2, Program.Main(["train", "--dataset", $"recordings:{Config()}", "--output", Path.Combine(folder, "models", "m.onnx")]));
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Matches(@"^error: .*events\.csv:\d+: end_ms 4000 is not after start_ms 5000\.\s*$", errors.ToString());
        Assert.False(File.Exists(Path.Combine(folder, "models", "m.onnx")));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Config(string validation = "\"pump-05\"", string recordings = "\"recordings/*.csv\"")
    {
        var path = Path.Combine(folder, "config.json");
        File.WriteAllText(path, $$"""
            {
              "topology": "topologies/pumps.yaml",
              "recordings": [{{recordings}}],
              "events": "events.csv",
              "label": {"positive_labels": ["fault"]},
              "split": {"validation_sensors": [{{validation}}], "test_sensors": ["pump-07"]}
            }
            """);
        return path;
    }

    private static string Fail(string configPath) => Assert.Throws<DatasetFormatException>(() => RecordingsDataset.Prepare(configPath, seed: 1)).Message;
}
