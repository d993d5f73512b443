using StreamClassifier.Kafka.Tests.Support;

namespace StreamClassifier.Kafka.Tests.Worker;

/// <summary><c>run</c>'s structured logs: JSON lines with event ids, and a bad model's exit code.</summary>
public class RunLogTests
{
    [Fact]
    public void Json_logs_carry_event_ids_and_a_bad_model_stops_run_with_exit_code_2()
    {
        using var folder = new TempFolder();
        var topology = folder.File("bad-model.yaml");
        File.WriteAllText(topology, """
            name: bad-model
            source:
              kafka: {bootstrap: "127.0.0.1:1", topic: sensors, group: g}
            streams:
              - name: ecg
                sensors: "ecg-*"
                sample_rate_hz: 100
                channels: [0]
                window: {size: 32, hop: 16}
                normalize: none
                model: {path: missing.onnx, input_layout: NCL, output: probability}
            """);
        using var worker = WorkerProcess.Start("run", "--topology", topology, "--log-format", "json", "--listen", "127.0.0.1:19999");
        Assert.Equal(2, worker.WaitForExit(TimeSpan.FromSeconds(60), "run with a missing model to stop"));

        var lines = worker.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(line => line.StartsWith('{')).ToList();
        Assert.NotEmpty(lines);
        var events = lines.Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement).ToList();
        var error = Assert.Single(events, e => e.GetProperty("EventId").GetInt32() == 4);
        Assert.Equal("Error", error.GetProperty("LogLevel").GetString());
        Assert.Contains("missing.onnx", error.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.All(events, e => Assert.EndsWith("Z", e.GetProperty("Timestamp").GetString(), StringComparison.Ordinal));
    }
}
