using System.Text.Json;
using StreamClassifier.Core.Recordings;
using StreamClassifier.Worker.Commands;

namespace StreamClassifier.Worker.Tests.Offline;

public sealed class ScoreCommandTests : IDisposable
{
    private readonly OfflineFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public void Scores_every_window_with_indexes_times_and_probabilities()
    {
        var input = fixture.WriteRecording("in.csv", sensors: 2, rows: 400, interleaved: false);
        var output = fixture.Path_("out.jsonl");

        var exit = ScoreCommand.Run(fixture.TopologyPath, input, output, emitWindows: true, TextWriter.Null);

        Assert.Equal(CommandErrors.Success, exit);
        var lines = ReadLines(output);
        var windows = lines.Where(line => line.GetProperty("type").GetString() == "window").ToList();
        // 400 rows, size 100, hop 25: (400 - 100) / 25 + 1 = 13 windows per sensor.
        Assert.Equal(26, windows.Count);
        var first = windows.First(window => window.GetProperty("sensor").GetString() == "ecg-1");
        Assert.Equal(0, first.GetProperty("start_index").GetInt64());
        Assert.Equal(100, first.GetProperty("end_index").GetInt64());
        Assert.Equal(1_700_000_000_000, first.GetProperty("start_ms").GetDouble());
        Assert.Equal(1_700_000_001_000, first.GetProperty("end_ms").GetDouble());
        var values = first.GetProperty("window");
        Assert.Equal(1, values.GetArrayLength());
        Assert.Equal(100, values[0].GetArrayLength());
        Assert.All(windows, window => Assert.InRange(window.GetProperty("score").GetDouble(), 0, 1));
    }

    [Fact]
    public void Interleaved_and_grouped_recordings_give_the_same_windows_and_alerts()
    {
        var grouped = fixture.WriteRecording("grouped.csv", sensors: 3, rows: 600, interleaved: false);
        var interleaved = fixture.WriteRecording("interleaved.csv", sensors: 3, rows: 600, interleaved: true);

        ScoreCommand.Run(fixture.TopologyPath, grouped, fixture.Path_("grouped.jsonl"), emitWindows: false, TextWriter.Null);
        ScoreCommand.Run(fixture.TopologyPath, interleaved, fixture.Path_("interleaved.jsonl"), emitWindows: false, TextWriter.Null);

        Assert.Equal(Canonical(fixture.Path_("grouped.jsonl")), Canonical(fixture.Path_("interleaved.jsonl")));
    }

    [Theory]
    [InlineData("sensor,t_ms,ch0,ch1\necg-0,0,1.0,2.0\necg-0,10,abc,2.0\n", "in.csv:3: column ch0 is 'abc', not a number")]
    [InlineData("sensor,t_ms,ch0,ch1\necg-0,0,1.0,2.0\necg-0,10,NaN,2.0\n", "in.csv:3: column ch0 is 'NaN', not a finite number")]
    [InlineData("sensor,t_ms,ch0,ch1\necg-0,0,1.0\n", "in.csv:2: 3 columns, expected 4")]
    [InlineData("sensor,t_ms,ch0,ch1\necg-0,0,1.0,2.0,3.0\n", "in.csv:2: more than 4 columns")]
    [InlineData("sensor,t_ms,ch0,ch1\npump-7,0,1.0,2.0\n", "in.csv:2: sensor 'pump-7' matches no stream of the topology")]
    [InlineData("time,value\n1,2\n", "in.csv:1: the header is 'time,value'. Expected sensor,t_ms,ch0")]
    [InlineData("", "in.csv:1: the file is empty")]
    public void Bad_input_names_file_and_line_exits_non_zero_and_writes_nothing(string csv, string expected)
    {
        var input = fixture.Path_("in.csv");
        File.WriteAllText(input, csv);
        var output = fixture.Path_("out.jsonl");
        var error = new StringWriter();

        var exit = CommandErrors.Run(() => ScoreCommand.Run(fixture.TopologyPath, input, output, emitWindows: false, TextWriter.Null), error);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(output), "a failed run must not leave an output file");
        Assert.Empty(Directory.GetFiles(fixture.Folder, "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public void Missing_input_file_is_reported_with_its_path()
    {
        var error = new StringWriter();
        var missing = fixture.Path_("nowhere.csv");

        var exit = CommandErrors.Run(() => ScoreCommand.Run(fixture.TopologyPath, missing, fixture.Path_("out.jsonl"), false, TextWriter.Null), error);

        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Contains($"{missing}: file not found", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_model_is_a_configuration_error_naming_the_model_path()
    {
        var topology = fixture.Path_("broken.yaml");
        File.WriteAllText(topology, OfflineFixture.Topology(fixture.Path_("missing.onnx")));
        var input = fixture.WriteRecording("in.csv", 1, 200, false);
        var error = new StringWriter();

        var exit = CommandErrors.Run(() => ScoreCommand.Run(topology, input, fixture.Path_("out.jsonl"), false, TextWriter.Null), error);

        Assert.Equal(CommandErrors.BadConfiguration, exit);
        Assert.Contains("missing.onnx", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_reader_groups_consecutive_rows_of_a_sensor_into_chunks_at_its_rate()
    {
        var input = fixture.WriteRecording("in.csv", sensors: 2, rows: 50, interleaved: false);
        var reader = new SensorCsvReader(input, _ => 100);

        var chunks = reader.ReadChunks().ToList();

        Assert.Equal(2, chunks.Count);
        Assert.Equal(50, chunks[0].SampleCount);
        Assert.Equal(2, chunks[0].Channels);
        Assert.Equal(2, chunks[0].Source!.Value.Offset);
        Assert.Equal(52, chunks[1].Source!.Value.Offset);
    }

    private static List<JsonElement> ReadLines(string path) =>
        File.ReadLines(path).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    // Per-sensor order is what the pipeline guarantees; across sensors the order follows the input.
    private static List<string> Canonical(string path) =>
        ReadLines(path)
            .Select(line => line.GetProperty("type").GetString() == "alert"
                ? $"alert {line.GetProperty("alert_id").GetString()} {line.GetProperty("score").GetDouble():R}"
                : $"window {line.GetProperty("sensor").GetString()} {line.GetProperty("start_index").GetInt64()} {line.GetProperty("score").GetDouble():R}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
