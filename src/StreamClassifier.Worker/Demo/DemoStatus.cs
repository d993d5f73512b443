using System.Diagnostics;

namespace StreamClassifier.Worker.Demo;

/// <summary>The run-level state the views show beside the monitor's counts (written by the runner, read by a view).</summary>
internal sealed class DemoStatus
{
    private readonly Stopwatch replayClock = new();
    private long published;
    private volatile string phase = "starting";

    /// <summary>What the demo is doing now (starting the broker, replaying, draining, ...).</summary>
    public string Phase { get => phase; set => phase = value; }

    /// <summary>Records the broker acknowledged so far.</summary>
    public long Published => Interlocked.Read(ref published);

    /// <summary>What is replayed, in one line (records, signal length, model).</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Replay speed.</summary>
    public double Speed { get; init; }

    /// <summary>Records the replay will publish.</summary>
    public long RecordsToPublish { get; init; }

    /// <summary>Wall time since the replay started.</summary>
    public TimeSpan ReplayElapsed => replayClock.Elapsed;

    internal void StartReplayClock() => replayClock.Start();

    internal void ReportPublished(long count)
    {
        // Delivery reports may arrive out of order across threads: keep the largest count.
        var current = Interlocked.Read(ref published);
        while (count > current)
        {
            var seen = Interlocked.CompareExchange(ref published, count, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
