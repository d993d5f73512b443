using System.Diagnostics;
using System.Globalization;

namespace StreamClassifier.Worker.Demo;

/// <summary>Line-by-line output for logs and pipes: each alert as it fires, worker log lines, and a progress line every few seconds.</summary>
internal sealed class PlainDemoView : IDemoView
{
    private readonly TextWriter output;
    private readonly TimeSpan progressInterval;

    /// <summary>Writes to <paramref name="output"/>, a progress line every <paramref name="progressInterval"/> (default 5 s).</summary>
    public PlainDemoView(TextWriter output, TimeSpan? progressInterval = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        this.output = output;
        this.progressInterval = progressInterval ?? TimeSpan.FromSeconds(5);
    }

    /// <inheritdoc />
    public void Show(DemoMonitor monitor, DemoStatus status, Func<bool> step)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(step);
        output.WriteLine($"demo: {status.Description}");
        var sinceProgress = Stopwatch.StartNew();
        bool running;
        do
        {
            running = step();
            WriteNew(monitor);
            if (sinceProgress.Elapsed >= progressInterval || !running)
            {
                sinceProgress.Restart();
                var sensors = monitor.Sensors();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"demo: {status.Phase}, {status.ReplayElapsed.TotalSeconds:0} s: records published {status.Published}/{status.RecordsToPublish}, received {monitor.RecordsReceived}; windows {sensors.Sum(s => s.WindowsScored)}; alerts raised {sensors.Sum(s => s.AlertsRaised)}, cleared {sensors.Sum(s => s.AlertsCleared)}"));
            }
        }
        while (running);
        output.Flush();
    }

    private void WriteNew(DemoMonitor monitor)
    {
        var (alerts, log) = monitor.TakeNew();
        foreach (var line in log)
        {
            output.WriteLine(line);
        }

        foreach (var alert in alerts)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"alert {(alert.Raised ? "RAISED " : "cleared")} {alert.SensorId} at {FormatSignalTime(alert.WindowEndSeconds)} (score {alert.Score:0.00})"));
        }
    }

    /// <summary>Signal time as m:ss.f.</summary>
    internal static string FormatSignalTime(double seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 60)}:{seconds % 60:00.0}");
}
