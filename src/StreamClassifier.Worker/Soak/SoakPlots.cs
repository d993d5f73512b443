using ScottPlot;

namespace StreamClassifier.Worker.Soak;

/// <summary>PNG plots of a soak run over time (ScottPlot, as the trainer's plots): memory, threads and descriptors, lag and load, alert latency.</summary>
internal static class SoakPlots
{
    private const int Width = 900;
    private const int Height = 420;

    /// <summary>Writes the four plots as <c>&lt;prefix&gt;-memory.png</c>, <c>-threads.png</c>, <c>-lag.png</c>, <c>-latency.png</c> in <paramref name="folder"/>; returns the file names.</summary>
    public static IReadOnlyList<string> Save(SoakResult result, string folder, string prefix)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(folder);
        var samples = result.Samples;
        var files = new List<string>();
        void Write(string name, Plot plot)
        {
            var file = $"{prefix}-{name}.png";
            plot.SavePng(Path.Combine(folder, file), Width, Height);
            files.Add(file);
        }

        Write("memory", Lines("memory of the worker process", "MiB", samples, ("RSS", s => s.RssMiB), ("managed heap after GC", s => s.ManagedHeapMiB)));
        Write("threads", Lines("threads and open file descriptors of the worker process", "count", samples, ("threads", s => s.Threads), ("open file descriptors", s => s.OpenFiles)));
        Write("lag", Lines("consumer lag and producer rate", "records · records/s", samples, ("lag (records)", s => s.LagRecords), ("in flight (records)", s => s.InFlight), ("producer target (records/s)", s => s.TargetRate)));
        Write("latency", Lines("alert latency per sample interval (receipt → acknowledged)", "ms", samples, ("p50", s => s.AlertLatencyP50Ms), ("p99", s => s.AlertLatencyP99Ms)));
        return files;
    }

    private static Plot Lines(string title, string unit, IReadOnlyList<SoakSample> samples, params (string Label, Func<SoakSample, double?> Value)[] series)
    {
        var plot = new Plot();
        foreach (var (label, value) in series)
        {
            var points = samples.Where(sample => value(sample) is not null).ToList();
            if (points.Count == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(points.Select(sample => sample.Seconds / 60).ToArray(), points.Select(sample => value(sample)!.Value).ToArray());
            line.MarkerSize = points.Count > 80 ? 0 : 3;
            line.LegendText = label;
        }

        foreach (var change in samples.Zip(samples.Skip(1)).Where(pair => pair.First.Phase != pair.Second.Phase))
        {
            var marker = plot.Add.VerticalLine(change.Second.Seconds / 60);
            marker.LinePattern = LinePattern.Dotted;
            marker.Text = change.Second.Phase.ToString().ToLowerInvariant();
        }

        plot.Title(title);
        plot.XLabel("minutes since start");
        plot.YLabel(unit);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }
}
