using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace StreamClassifier.Worker.Demo;

/// <summary>The terminal view: a table per sensor (signal replayed, windows, alerts, state), totals with windows/s, the latest alerts and worker log lines, redrawn in place.</summary>
internal sealed class LiveDemoView : IDemoView
{
    private readonly IAnsiConsole console;

    /// <summary>Draws on <paramref name="console"/> (default: the terminal).</summary>
    public LiveDemoView(IAnsiConsole? console = null) => this.console = console ?? AnsiConsole.Console;

    /// <inheritdoc />
    public void Show(DemoMonitor monitor, DemoStatus status, Func<bool> step)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(step);
        var rate = new WindowRate();
        console.Live(Render(monitor, status, rate)).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).Start(context =>
        {
            while (step())
            {
                context.UpdateTarget(Render(monitor, status, rate));
            }

            context.UpdateTarget(Render(monitor, status, rate));
        });
    }

    private static IRenderable Render(DemoMonitor monitor, DemoStatus status, WindowRate rate)
    {
        var sensors = monitor.Sensors();
        var windows = sensors.Sum(sensor => sensor.WindowsScored);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("sensor").AddColumn(new TableColumn("signal").RightAligned()).AddColumn(new TableColumn("samples").RightAligned())
            .AddColumn(new TableColumn("windows").RightAligned()).AddColumn(new TableColumn("score").RightAligned())
            .AddColumn(new TableColumn("raised").RightAligned()).AddColumn(new TableColumn("cleared").RightAligned()).AddColumn("state");
        foreach (var sensor in sensors)
        {
            var done = sensor.SamplesTotal > 0 ? (double)sensor.SamplesProcessed / sensor.SamplesTotal : 0;
            table.AddRow(
                Markup.Escape(sensor.SensorId),
                string.Create(CultureInfo.InvariantCulture, $"{done * 100:0} %"),
                sensor.SamplesProcessed.ToString(CultureInfo.InvariantCulture),
                sensor.WindowsScored.ToString(CultureInfo.InvariantCulture),
                double.IsNaN(sensor.LastScore) ? "-" : sensor.LastScore.ToString("0.00", CultureInfo.InvariantCulture),
                sensor.AlertsRaised.ToString(CultureInfo.InvariantCulture),
                sensor.AlertsCleared.ToString(CultureInfo.InvariantCulture),
                sensor.Alerting ? "[red bold]ALERT[/]" : "[green]ok[/]");
        }

        var header = new Markup(string.Create(CultureInfo.InvariantCulture,
            $"[bold]StreamClassifier demo[/] — {Markup.Escape(status.Phase)} at {(status.Speed > 0 ? $"{status.Speed:0.##}×" : "full speed")}, {status.ReplayElapsed.TotalSeconds:0} s: records {status.Published}/{status.RecordsToPublish} published, {monitor.RecordsReceived} received; windows {windows} ([bold]{rate.Update(windows):0}/s[/]); alerts raised {sensors.Sum(s => s.AlertsRaised)}, cleared {sensors.Sum(s => s.AlertsCleared)}"));
        var recent = monitor.RecentAlerts();
        var alertLines = recent.Count == 0
            ? "[grey]none yet[/]"
            : string.Join('\n', recent.Reverse().Select(alert => string.Create(CultureInfo.InvariantCulture,
                $"{(alert.Raised ? "[red]raised [/]" : "[green]cleared[/]")} {Markup.Escape(alert.SensorId)} at signal {PlainDemoView.FormatSignalTime(alert.WindowEndSeconds)} (score {alert.Score:0.00})")));
        var log = monitor.RecentLog();
        return new Rows(
            new Markup("[grey]" + Markup.Escape(status.Description) + "[/]"),
            header,
            table,
            new Panel(new Markup(alertLines)).Header("latest alerts").Expand(),
            new Markup("[grey]" + Markup.Escape(string.Join('\n', log.Count == 0 ? ["(no worker log yet)"] : log)) + "[/]"),
            new Markup("[grey]Ctrl-C stops cleanly with the summary so far.[/]"));
    }

    /// <summary>Windows per second over the last refreshes (a short moving window, not since the start).</summary>
    private sealed class WindowRate
    {
        private readonly Queue<(DateTime At, long Windows)> samples = new();

        public double Update(long windows)
        {
            var now = DateTime.UtcNow;
            samples.Enqueue((now, windows));
            while (samples.Count > 2 && now - samples.Peek().At > TimeSpan.FromSeconds(3))
            {
                samples.Dequeue();
            }

            var (oldestAt, oldestWindows) = samples.Peek();
            var seconds = (now - oldestAt).TotalSeconds;
            return seconds > 0 ? (windows - oldestWindows) / seconds : 0;
        }
    }
}
