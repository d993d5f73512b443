using StreamClassifier.Core.Models;
using StreamClassifier.Testing;
using StreamClassifier.Worker.Commands;
using StreamClassifier.Worker.Tests.Offline;

namespace StreamClassifier.Worker.Tests.Commands;

/// <summary><c>validate</c> and <c>inspect-model</c>: what they print, and their errors.</summary>
public sealed class ValidateAndInspectTests : IDisposable
{
    private readonly OfflineFixture fixture = new();
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();

    [Fact]
    public void Validate_prints_what_it_checked_and_exits_zero()
    {
        Assert.Equal(0, ValidateCommand.Run(fixture.TopologyPath, output, error));
        var text = output.ToString();
        Assert.Contains("topology offline-test", text);
        Assert.Contains("source: kafka embedded, topic sensors.test, group test", text);
        Assert.Contains("telemetry: /metrics, /healthz, /readyz on 127.0.0.1:9464", text);
        Assert.Contains("stream ecg (ecg-*): window 100/25 at 100 Hz, 1 channel(s), 1 filter(s); model seed_example1 v0", text);
        Assert.Contains("no card (layout and output from the topology)", text);
        Assert.Contains("ok: 1 stream(s), 1 model(s) checked.", text);
        Assert.Equal(string.Empty, error.ToString());
    }

    [Fact]
    public void Validate_accepts_the_bench_topology_whose_model_has_a_card()
    {
        Assert.Equal(0, ValidateCommand.Run(SharedPaths.Repo("topologies", "bench-example2.yaml"), output, error));
        Assert.Contains("card matches the stream's preprocessing", output.ToString());
    }

    [Fact]
    public void Validate_names_a_missing_model_and_exits_two()
    {
        var path = fixture.Path_("missing-model.yaml");
        File.WriteAllText(path, OfflineFixture.Topology(fixture.Path_("nowhere.onnx")));
        Assert.Equal(2, ValidateCommand.Run(path, output, error));
        Assert.StartsWith("error: ", error.ToString());
        Assert.Contains("nowhere.onnx", error.ToString());
    }

    [Fact]
    public void Validate_names_an_unknown_key_and_exits_two()
    {
        var path = fixture.Path_("unknown-key.yaml");
        File.WriteAllText(path, OfflineFixture.Topology(SharedPaths.Reference("onnx", "seed_example1.onnx"), "    windoww: {size: 3}"));
        Assert.Equal(2, ValidateCommand.Run(path, output, error));
        Assert.Contains("windoww", error.ToString());
        Assert.Contains("unknown-key.yaml", error.ToString());
    }

    [Fact]
    public void Validate_rejects_a_malformed_telemetry_listen_address()
    {
        var path = fixture.Path_("bad-listen.yaml");
        File.WriteAllText(path, OfflineFixture.Topology(SharedPaths.Reference("onnx", "seed_example1.onnx")) + "\ntelemetry:\n  listen: \"localhost\"\n");
        Assert.Equal(2, ValidateCommand.Run(path, output, error));
        Assert.Contains("telemetry.listen: got 'localhost', expected host:port", error.ToString());
        Assert.Contains("bad-listen.yaml", error.ToString());
    }

    [Fact]
    public void Inspect_model_prints_inputs_outputs_and_says_when_there_is_no_card()
    {
        Assert.Equal(0, InspectModelCommand.Run(SharedPaths.Reference("onnx", "seed_example1.onnx"), output, error));
        var text = output.ToString();
        Assert.Contains("inputs:", text);
        Assert.Matches(@"inputs:\n  \S+: float\[[^\]]*, 1, 100\]", text.Replace("\r", string.Empty));
        Assert.Contains("outputs:", text);
        Assert.Contains("card: none", text);
    }

    [Fact]
    public void Inspect_model_prints_the_sidecar_card()
    {
        Assert.Equal(0, InspectModelCommand.Run(SharedPaths.Repo("models", "bench", "seed_example2_1x500.onnx"), output, error));
        var text = output.ToString();
        var card = ModelCard.Parse(File.ReadAllText(SharedPaths.Repo("models", "bench", "seed_example2_1x500.card.json")), "test");
        Assert.Contains($"card (sidecar ", text);
        Assert.Contains($"  {card.Name} v{card.Version}: {card.InputLayout} {card.Channels} channel(s) x {card.WindowLength} samples", text);
        Assert.Contains("\"window_length\": 500", text);
    }

    [Fact]
    public void Inspect_model_on_a_file_that_is_not_onnx_exits_two_with_the_reason()
    {
        var path = fixture.Path_("not-a-model.onnx");
        File.WriteAllText(path, "this is text");
        Assert.Equal(2, InspectModelCommand.Run(path, output, error));
        Assert.StartsWith("error: ", error.ToString());
        Assert.Contains("not-a-model.onnx", error.ToString());

        Assert.Equal(2, InspectModelCommand.Run(fixture.Path_("absent.onnx"), output, error));
        Assert.Contains("absent.onnx", error.ToString());
    }

    public void Dispose()
    {
        fixture.Dispose();
        output.Dispose();
        error.Dispose();
    }
}
