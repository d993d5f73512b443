using Spectre.Console;
using StreamClassifier.Core.Records;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Worker.Demo;

namespace StreamClassifier.Worker.Tests.Demo;

public sealed class DemoMonitorTests
{
    private const double StartMs = 1_700_000_000_000;

    [Fact]
    public void Windows_and_alerts_are_counted_per_sensor_and_timed_from_the_record_that_completed_them()
    {
        var monitor = new DemoMonitor(new Dictionary<string, long> { ["ecg-106"] = 1440, ["ecg-208"] = 1440 }, StartMs);
        var first = Chunk("ecg-106", offset: 0, row: 0, rows: 720);
        var second = Chunk("ecg-106", offset: 1, row: 720, rows: 90);

        monitor.OnRecordReceived(first);
        monitor.OnRecordReceived(second);
        monitor.OnPipelineEvent(Scored(first, startRow: 0, score: 0.2));
        monitor.OnPipelineEvent(new ChunkCompleted(first));
        monitor.OnPipelineEvent(Scored(second, startRow: 90, score: 0.9));
        var raised = Alert("ecg-106", startRow: 90, AlertState.Raised, 0.9);
        monitor.OnPipelineEvent(new AlertEmitted(raised));
        monitor.OnPipelineEvent(new ChunkCompleted(second));
        // The worker times the delivery from the receipt of the record that completed the window.
        monitor.OnAlertDelivered(new AlertDelivery(raised, TimeSpan.FromMilliseconds(4.5), 1_700_000_000_500));
        // A window restored from a checkpoint: its record was received by another process, so there is no latency to report.
        monitor.OnAlertDelivered(new AlertDelivery(raised, null, null));

        var sensors = monitor.Sensors();
        Assert.Equal(["ecg-106", "ecg-208"], sensors.Select(sensor => sensor.SensorId));
        Assert.Equal(new SensorProgress("ecg-106", 1440, 810, 2, 1, 0, Alerting: true, LastScore: 0.9), sensors[0]);
        Assert.Equal(0, sensors[1].WindowsScored);
        Assert.Equal(2, monitor.RecordsReceived);
        Assert.Equal(2, monitor.WindowLatenciesMs().Count);
        Assert.All(monitor.WindowLatenciesMs(), latency => Assert.True(latency >= 0));
        Assert.Equal([4.5], monitor.AlertLatenciesMs());
        Assert.True(monitor.ProcessingTime > TimeSpan.Zero);

        // Alert times are seconds into the record: the window of rows 90..809 at 360 Hz.
        var alert = Assert.Single(monitor.AlertsOf("ecg-106"));
        Assert.Equal(new DemoAlertEvent("ecg-106", true, 0.9, 0.25, 2.25), alert);
        Assert.Equal([alert], monitor.TakeNew().Alerts);
        Assert.Empty(monitor.TakeNew().Alerts);
    }

    [Fact]
    public void The_live_view_draws_the_sensors_their_state_and_the_latest_alerts()
    {
        var monitor = new DemoMonitor(new Dictionary<string, long> { ["ecg-208"] = 1440 }, StartMs);
        var chunk = Chunk("ecg-208", offset: 0, row: 0, rows: 810);
        monitor.OnRecordReceived(chunk);
        monitor.OnPipelineEvent(Scored(chunk, startRow: 0, score: 0.95));
        monitor.OnPipelineEvent(new AlertEmitted(Alert("ecg-208", startRow: 0, AlertState.Raised, 0.95)));
        monitor.OnPipelineEvent(new ChunkCompleted(chunk));
        monitor.OnLog("worker: assigned sensors.ecg[0,1,2,3]");
        using var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.Yes, Out = new AnsiConsoleOutput(text) });
        var steps = 0;

        new LiveDemoView(console).Show(monitor, new DemoStatus { Speed = 20, RecordsToPublish = 16 }, () => ++steps < 3);

        var screen = text.ToString();
        Assert.Contains("StreamClassifier demo", screen, StringComparison.Ordinal);
        Assert.Contains("ecg-208", screen, StringComparison.Ordinal);
        Assert.Contains("ALERT", screen, StringComparison.Ordinal);
        Assert.Contains("raised  ecg-208 at signal 0:02.0 (score 0.95)", screen, StringComparison.Ordinal);
        Assert.Contains("worker: assigned sensors.ecg[0,1,2,3]", screen, StringComparison.Ordinal);
        Assert.Equal(3, steps);
    }

    private static SampleChunk Chunk(string sensor, long offset, int row, int rows) =>
        new(sensor, StartMs + (row * 1000.0 / 360), 360, 1, new double[rows], new SourcePosition("sensors.ecg", 0, offset));

    private static WindowScored Scored(SampleChunk completedBy, int startRow, double score) =>
        new(new WindowScore(
            new SensorWindow(completedBy.SensorId, "ecg", startRow, StartMs + (startRow * 1000.0 / 360), StartMs + ((startRow + 720) * 1000.0 / 360), 1, 720, new float[720], completedBy.Source),
            score,
            "ecg-pvc",
            "1"));

    private static AlertRecord Alert(string sensor, int startRow, AlertState state, double score)
    {
        var endMs = (long)Math.Round(StartMs + ((startRow + 720) * 1000.0 / 360));
        return new AlertRecord
        {
            AlertId = AlertRecord.MakeId(sensor, endMs, state),
            Sensor = sensor,
            State = AlertRecord.ToWire(state),
            Score = score,
            Threshold = 0.75,
            Model = "ecg-pvc",
            ModelVersion = "1",
            WindowStartMs = (long)Math.Round(StartMs + (startRow * 1000.0 / 360)),
            WindowEndMs = endMs,
            EmittedAtMs = endMs,
            Topology = "ecg-demo",
        };
    }
}
