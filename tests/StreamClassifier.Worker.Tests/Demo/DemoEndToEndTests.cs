using System.Text.Json;
using StreamClassifier.Core.Recordings;
using StreamClassifier.Testing;
using StreamClassifier.Worker.Commands;
using StreamClassifier.Worker.Demo;
using StreamClassifier.Worker.Demo.Detection;

namespace StreamClassifier.Worker.Tests.Demo;

/// <summary>
/// The demo in short modes on the real broker, model and committed data, non-interactive. The tests of
/// one class run one after another, so at most one embedded broker runs here at a time.
/// </summary>
public sealed class DemoEndToEndTests : IDisposable
{
    private const int WindowSize = 720;
    private const int Hop = 40;
    private const int SamplesPerRecord = 90;
    private readonly string scratch = Directory.CreateTempSubdirectory("demo-e2e-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void A_short_demo_processes_everything_and_its_summary_is_consistent_with_the_records()
    {
        var options = Options(["200", "233"]) with { MaxSignal = TimeSpan.FromMinutes(3), Speed = 0 };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var json = Path.Combine(scratch, "summary.json");

        var code = DemoCommand.Run(() => options, new PlainDemoView(output), json, output, error, CancellationToken.None);

        Assert.True(code == 0, $"exit {code}: {error}\n{output}");
        var summary = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal("completed", summary.GetProperty("stopped_by").GetString());

        const int samples = 3 * 60 * 360;
        const int recordsPerSensor = samples / SamplesPerRecord;
        const int windowsPerSensor = ((samples - WindowSize) / Hop) + 1;
        Assert.Equal(2 * recordsPerSensor, summary.GetProperty("records_published").GetInt64());
        Assert.Equal(2 * recordsPerSensor, summary.GetProperty("records_consumed").GetInt64());
        Assert.Equal(0, summary.GetProperty("dead_lettered").GetInt64());
        Assert.Equal(2 * samples, summary.GetProperty("samples_processed").GetInt64());
        Assert.Equal(2 * windowsPerSensor, summary.GetProperty("windows_scored").GetInt64());

        var raised = 0;
        var cleared = 0;
        var sensors = summary.GetProperty("sensors").EnumerateArray().ToList();
        Assert.Equal(["ecg-200", "ecg-233"], sensors.Select(sensor => sensor.GetProperty("sensor_id").GetString()));
        foreach (var sensor in sensors)
        {
            var record = sensor.GetProperty("sensor_id").GetString()!["ecg-".Length..];
            var detection = sensor.GetProperty("detection");
            Assert.Equal(samples, sensor.GetProperty("samples_processed").GetInt64());
            Assert.Equal(windowsPerSensor, sensor.GetProperty("windows_scored").GetInt64());
            Assert.Equal(samples / 360.0, detection.GetProperty("signal_seconds").GetDouble(), 6);

            // Episodes come from the record's annotations, counted here independently of the demo.
            var vBeats = WfdbAnnotations.Read(SharedPaths.Repo("samples", "mitbih-heldout", record + ".atr"))
                .Where(annotation => annotation.Symbol == 'V' && annotation.SampleIndex < samples)
                .Select(annotation => annotation.SampleIndex / 360.0)
                .ToList();
            var expectedEpisodes = 1 + vBeats.Zip(vBeats.Skip(1)).Count(pair => pair.Second - pair.First > VentricularEpisodes.DefaultMaxGapSeconds);
            Assert.Equal(vBeats.Count, detection.GetProperty("ventricular_beats").GetInt32());
            Assert.Equal(expectedEpisodes, detection.GetProperty("episodes_total").GetInt32());
            Assert.InRange(detection.GetProperty("episodes_detected").GetInt32(), 0, expectedEpisodes);

            // Beat level: every V beat of the processed signal is decided (found or missed) by one window.
            var beats = sensor.GetProperty("beats");
            Assert.Equal(vBeats.Count, beats.GetProperty("true_positives").GetInt32() + beats.GetProperty("false_negatives").GetInt32());

            // Alert events alternate per sensor, starting with a raise.
            var sensorRaised = detection.GetProperty("alerts_raised").GetInt32();
            var sensorCleared = sensor.GetProperty("alerts_cleared").GetInt32();
            Assert.InRange(sensorCleared, sensorRaised - 1, sensorRaised);
            Assert.InRange(detection.GetProperty("false_alerts").GetInt32(), 0, sensorRaised);
            raised += sensorRaised;
            cleared += sensorCleared;
        }

        // 200 and 233 are full of PVCs: the trained model must catch some of them.
        Assert.True(summary.GetProperty("detection").GetProperty("episodes_detected").GetInt32() > 0, output.ToString());
        Assert.Equal(raised, summary.GetProperty("alerts_raised").GetInt32());
        Assert.Equal(cleared, summary.GetProperty("alerts_cleared").GetInt32());
        Assert.Equal(raised + cleared, summary.GetProperty("alerts_acknowledged").GetInt64());

        // Every window and every acknowledged alert has a latency from the record's arrival.
        Assert.Equal(2 * windowsPerSensor, summary.GetProperty("window_latency").GetProperty("count").GetInt32());
        Assert.Equal(raised + cleared, summary.GetProperty("alert_latency").GetProperty("count").GetInt32());
        Assert.True(summary.GetProperty("windows_per_second").GetDouble() > 0);

        // The plain view printed each alert as it fired, and the text summary says the same as the JSON.
        var text = output.ToString();
        Assert.Equal(raised, text.Split('\n').Count(line => line.StartsWith("alert RAISED ", StringComparison.Ordinal)));
        Assert.Equal(cleared, text.Split('\n').Count(line => line.StartsWith("alert cleared ", StringComparison.Ordinal)));
        Assert.Contains("demo summary: replay complete", text, StringComparison.Ordinal);
        Assert.Contains($"windows      {2 * windowsPerSensor} scored from {2 * samples} samples", text, StringComparison.Ordinal);
        Assert.Contains($"ventricular-beat episodes alerted {summary.GetProperty("detection").GetProperty("episodes_detected").GetInt32()} / {summary.GetProperty("detection").GetProperty("episodes_total").GetInt32()}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Duration_stops_the_replay_and_what_was_published_is_processed()
    {
        var options = Options(["212"]) with { Speed = 10, Duration = TimeSpan.FromSeconds(1.5) };

        var summary = DemoRunner.Run(options, new PlainDemoView(TextWriter.Null), CancellationToken.None);

        Assert.Equal(DemoStop.DurationElapsed, summary.StoppedBy);
        var total = (int)Math.Ceiling(216_000.0 / SamplesPerRecord);
        Assert.InRange(summary.RecordsPublished, 1, total - 1);
        Assert.Equal(summary.RecordsPublished, summary.RecordsConsumed);
        AssertWindowsMatchSamples(summary);
    }

    [Fact]
    public void Cancelling_stops_cleanly_with_the_summary_so_far()
    {
        using var cancel = new CancellationTokenSource();
        var options = Options(["200", "233"]) with { Speed = 5 };

        // Cancels (as Ctrl-C does through ShutdownSignal) once the worker has scored some windows.
        var view = new CancellingView(cancel, afterWindows: 20);
        var summary = DemoRunner.Run(options, view, cancel.Token);

        Assert.Equal(DemoStop.Cancelled, summary.StoppedBy);
        Assert.Null(summary.Error);
        Assert.InRange(summary.WindowsScored, 20, (2 * (((216_000 - WindowSize) / Hop) + 1)) - 1);
        Assert.InRange(summary.RecordsConsumed, 1, summary.RecordsPublished);
        AssertWindowsMatchSamples(summary);
    }

    // The worker drained before stopping: every processed sample is in complete records, and windows follow from them.
    private static void AssertWindowsMatchSamples(DemoSummary summary)
    {
        foreach (var sensor in summary.Sensors)
        {
            var expected = sensor.SamplesProcessed < WindowSize ? 0 : ((sensor.SamplesProcessed - WindowSize) / Hop) + 1;
            Assert.True(expected == sensor.WindowsScored, $"{sensor.SensorId}: {sensor.SamplesProcessed} samples make {expected} windows, but {sensor.WindowsScored} were scored");
            Assert.Equal(sensor.SamplesProcessed / 360.0, sensor.Detection.SignalSeconds, 6);
        }
    }

    private static DemoOptions Options(string[] records) => new()
    {
        TopologyPath = SharedPaths.Repo("topologies", "ecg-demo.yaml"),
        DataDirectory = SharedPaths.Repo("samples", "mitbih-heldout"),
        Records = records,
        WaitLimit = TimeSpan.FromSeconds(20),
    };

    private sealed class CancellingView(CancellationTokenSource cancel, int afterWindows) : IDemoView
    {
        public void Show(DemoMonitor monitor, DemoStatus status, Func<bool> step)
        {
            while (step())
            {
                if (monitor.Sensors().Sum(sensor => sensor.WindowsScored) >= afterWindows)
                {
                    cancel.Cancel();
                }
            }
        }
    }
}
