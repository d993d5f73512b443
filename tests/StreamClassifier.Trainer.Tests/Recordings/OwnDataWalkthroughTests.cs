using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using StreamClassifier.Core.Models;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Testing;
using StreamClassifier.Trainer.Data.Recordings;
using StreamClassifier.Worker.Commands;
using Xunit.Abstractions;

namespace StreamClassifier.Trainer.Tests.Recordings;

/// <summary>
/// docs/own-data.md end to end, with its own topology and config: generated recordings with a planted
/// pattern → <c>streamclassifier-train train --dataset recordings:...</c> → model + card →
/// <c>validate</c> → <c>score</c> on the held-out sensors → <c>run</c> on a broker with the held-out
/// recording replayed. The deployed model must find the held-out faults.
/// </summary>
public sealed partial class OwnDataWalkthroughTests(ITestOutputHelper log) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sc-own-data-").FullName;

    [Fact]
    public void The_documented_walkthrough_trains_a_model_that_finds_the_held_out_events_in_score_and_run()
    {
        var data = PlantedPatternRecordings.Write(folder, seed: 5);
        var topologyPath = WriteFromDocs("yaml", Path.Combine("topologies", "pumps.yaml"));
        var configPath = WriteFromDocs("json", "pump-faults.json");
        var modelPath = Path.Combine(folder, "models", "pump-faults.onnx");

        // 4. Train with the documented command.
        var trainOutput = Capture(() => Program.Main(DocumentedTrainArguments(configPath, modelPath)), out var trainExit);
        Assert.True(trainExit == 0, trainOutput);
        log.WriteLine(trainOutput);
        var card = ModelCard.Parse(File.ReadAllText(Path.ChangeExtension(modelPath, ".card.json")), "card");
        Assert.Equal(("pump-faults", 3, 200, 100.0), (card.Name, card.Channels, card.WindowLength, card.SampleRateHz!.Value));
        Assert.Contains("by sensor, listed in the config: train pump-01, pump-02, pump-03, pump-04, pump-06; validation pump-05; test pump-07, pump-08", card.Training!.Split, StringComparison.Ordinal);
        Assert.Contains("calibrated on validation", card.Training.Split, StringComparison.Ordinal);
        Assert.StartsWith("1 = the window overlaps an event labelled fault by at least 0.5", card.Training.LabelRule, StringComparison.Ordinal);
        Assert.True(card.Metrics["auc"] >= 0.95, $"TEST AUC {card.Metrics["auc"]}\n{trainOutput}");

        // 5. The topology and the card agree.
        var validateOutput = new StringWriter();
        var validateErrors = new StringWriter();
        Assert.True(ValidateCommand.Run(topologyPath, validateOutput, validateErrors) == 0, validateErrors.ToString());
        Assert.Contains("card matches the stream's preprocessing", validateOutput.ToString(), StringComparison.Ordinal);

        // Score the held-out sensors' recording: the faults are found, few alerts are false.
        var heldout = Path.Combine(folder, "recordings", "heldout.csv");
        var scoresPath = Path.Combine(folder, "out", "heldout-scores.jsonl");
        Assert.Equal(0, ScoreCommand.Run(topologyPath, heldout, scoresPath, emitWindows: false, TextWriter.Null));
        var faults = data.Events.Where(labelled => labelled.Label == "fault" && data.SensorsByFile["heldout.csv"].Contains(labelled.Sensor)).ToList();
        Assert.Equal(12, faults.Count);
        var scored = EventDetection.ReadAlerts(scoresPath);
        var detection = EventDetection.Evaluate(scored, faults);
        log.WriteLine($"score on the held-out sensors: {detection}");
        Assert.True(detection.Recall >= 0.8 && detection.Precision >= 0.8, $"score: {detection}");

        // Run: the streaming worker raises the same alerts from the replayed recording.
        var streamed = RunWorker(topologyPath, heldout, scored.Count);
        Assert.Equal(Keys(scored), Keys(streamed));
        log.WriteLine($"run: {streamed.Count} alerts, the same as score's");
    }

    [Fact]
    public void Windows_are_cut_by_the_worker_pipeline_and_never_span_a_gap()
    {
        var data = PlantedPatternRecordings.Write(folder, seed: 9);
        var topologyPath = WriteFromDocs("yaml", Path.Combine("topologies", "pumps.yaml"));
        var topology = Core.Topology.TopologyLoader.Load(topologyPath);
        var windows = PipelineWindowCutter.Cut(topology, topology.Streams[0], Path.Combine(folder, "recordings", "site-b.csv"));

        Assert.Equal(["pump-05", "pump-06"], windows.Select(window => window.SensorId).Distinct().Order());
        Assert.All(windows, window => Assert.Equal(2000, window.EndMs - window.StartMs, 6));
        foreach (var window in windows)
        {
            Assert.DoesNotContain(data.Gaps[window.SensorId], gap => window.StartMs < gap.EndMs && gap.StartMs < window.EndMs);
        }

        // Per sensor, windows follow the hop except where a gap restarted the window.
        foreach (var sensor in windows.GroupBy(window => window.SensorId))
        {
            var starts = sensor.Select(window => window.StartMs).ToList();
            var restarts = starts.Zip(starts.Skip(1)).Count(pair => pair.Second - pair.First != 500);
            Assert.Equal(data.Gaps[sensor.Key].Count, restarts);
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The first ```<paramref name="language"/> block of docs/own-data.md, written to <paramref name="relativePath"/>.</summary>
    private string WriteFromDocs(string language, string relativePath)
    {
        var docs = File.ReadAllText(SharedPaths.Repo("docs", "own-data.md"));
        var block = CodeBlock().Matches(docs).First(match => match.Groups["language"].Value == language).Groups["body"].Value;
        var path = Path.Combine(folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, block);
        return path;
    }

    /// <summary>The arguments of docs/own-data.md's <c>streamclassifier-train train</c> line, with this test's paths.</summary>
    private static string[] DocumentedTrainArguments(string configPath, string modelPath)
    {
        var line = File.ReadAllLines(SharedPaths.Repo("docs", "own-data.md")).Single(text => text.StartsWith("streamclassifier-train train ", StringComparison.Ordinal));
        var arguments = line["streamclassifier-train ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("recordings:pump-faults.json", arguments);
        Assert.Contains("models/pump-faults.onnx", arguments);
        return [.. arguments.Select(argument => argument switch
        {
            "recordings:pump-faults.json" => $"recordings:{configPath}",
            "models/pump-faults.onnx" => modelPath,
            _ => argument,
        })];
    }

    private List<EventDetection.Alert> RunWorker(string topologyPath, string recording, int expectedAlerts)
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 1);
        foreach (var topic in new[] { "sensors.pumps", "alerts.pumps", "sensors.pumps.dlq" })
        {
            cluster.CreateTopic(topic, partitions: topic == "sensors.pumps" ? 2 : 1);
        }

        var sink = Path.Combine(folder, "out", "pump-alerts.jsonl");
        using var worker = Start(["run", "--topology", topologyPath, "--bootstrap", cluster.BootstrapServers, "--listen", $"127.0.0.1:{FreePort()}"]);
        using (var replay = Start(["replay", "--bootstrap", cluster.BootstrapServers, "--topic", "sensors.pumps", "--input", recording, "--rate-hz", "100", "--quiet"]))
        {
            Assert.True(replay.WaitForExit(TimeSpan.FromMinutes(2)) == 0, $"replay failed:\n{replay.Output}");
        }

        var clock = Stopwatch.StartNew();
        while (!File.Exists(sink) || EventDetection.ReadAlerts(sink).Count < expectedAlerts)
        {
            Assert.False(worker.HasExited, $"run exited:\n{worker.Output}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"run wrote {(File.Exists(sink) ? EventDetection.ReadAlerts(sink).Count : 0)} of {expectedAlerts} alerts in 2 minutes:\n{worker.Output}");
            Thread.Sleep(250);
        }

        return EventDetection.ReadAlerts(sink);
    }

    private static ProcessRun Start(IEnumerable<string> arguments) =>
        ProcessRun.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "streamclassifier.dll"), .. arguments], new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" });

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static string Capture(Func<int> action, out int exitCode)
    {
        var original = Console.Out;
        var originalError = Console.Error;
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetOut(writer);
        Console.SetError(writer);
        try
        {
            exitCode = action();
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
        }

        return writer.ToString();
    }

    private static List<string> Keys(IEnumerable<EventDetection.Alert> alerts) =>
        [.. alerts.Select(alert => $"{alert.Sensor} {alert.State} {alert.WindowEndMs}").Order(StringComparer.Ordinal)];

    [GeneratedRegex("```(?<language>[a-z]+)\\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
