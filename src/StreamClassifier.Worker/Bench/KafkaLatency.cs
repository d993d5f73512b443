using System.Globalization;
using System.Text.Json;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Codecs;
using StreamClassifier.Kafka.Replay;

namespace StreamClassifier.Worker.Bench;

/// <summary>
/// <c>bench --latency</c>: latency at a fraction of capacity. The worker's capacity comes from one
/// <c>bench --source kafka</c> round (or <c>--capacity</c>); then the sensors' records (one hop of
/// samples each, so every record completes one window) are published paced at that fraction of it
/// to a broker in another process, while the real worker consumes them live. Reports, after a
/// warm-up, the percentiles from the poll that received a record to its window scored and to the
/// window's alert acknowledged by the broker.
/// </summary>
internal static class KafkaLatency
{
    /// <summary>Runs the measurement and prints it; returns the exit code.</summary>
    /// <param name="topology">The topology (its model and preprocessing are used; source and sinks are replaced).</param>
    /// <param name="stream">The stream rule the generated sensors match.</param>
    /// <param name="scorer">The stream's scorer.</param>
    /// <param name="settings">Sensors and seed (windows and record size are set by the pacing).</param>
    /// <param name="pacing">Capacity, fraction and duration.</param>
    /// <param name="bootstrap">An existing broker, or null to start <c>streamclassifier broker</c> as a child process.</param>
    /// <param name="json">Print one JSON object instead of text.</param>
    /// <param name="output">Where the result goes.</param>
    public static int Run(TopologyDefinition topology, StreamSpec stream, IWindowScorer scorer, BenchSettings settings, LatencyPacing pacing, string? bootstrap, bool json, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(pacing);
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            var capacity = pacing.CapacityWindowsPerSecond ?? KafkaThroughput.Measure(topology, stream, scorer, settings with { Rounds = 1 }, bootstrap, null).Result.MedianWindowsPerSecond;
            var result = Measure(topology, stream, scorer, settings, pacing, capacity, bootstrap);
            output.WriteLine(json ? JsonSerializer.Serialize(result, BenchResult.JsonOptions) : result.Describe());
            return 0;
        }
        catch (BenchFailedException failure)
        {
            output.WriteLine($"bench: {failure.Message}");
            return 1;
        }
    }

    private static KafkaLatencyResult Measure(TopologyDefinition topology, StreamSpec stream, IWindowScorer scorer, BenchSettings settings, LatencyPacing pacing, double capacity, string? bootstrap)
    {
        var paced = pacing.Fraction * capacity;

        // One record per hop per sensor: every record completes one window once the sensor's first window is full.
        var windowsPerSensor = (int)Math.Ceiling(paced * pacing.Seconds / settings.Sensors);
        var data = BenchTopic.Generate(stream, settings with { Windows = windowsPerSensor * settings.Sensors, ChunkSize = stream.Window.Hop }, long.MaxValue, Math.Max(4, settings.Sensors / 25));
        var realTimeWindowsPerSecond = settings.Sensors * stream.SampleRateHz / stream.Window.Hop;
        var run = Guid.NewGuid().ToString("N")[..8];
        var topic = $"bench.{run}.latency";
        var group = $"bench-{run}-latency";
        using var broker = KafkaBenchBroker.Start(bootstrap, data.Partitions, [topic, .. BenchWorker.TopicsOf(group)]);
        var probe = new LatencyProbe(pacing.WarmUp);
        var loadBefore = KafkaBenchBroker.LoadAverage();
        var worker = Task.Factory.StartNew(() => BenchWorker.Run(topology, stream, scorer, topic, group, broker.Bootstrap, data.Chunks.Count, probe.Attach), TaskCreationOptions.LongRunning);
        var publisher = new ReplayPublisher(broker.Bootstrap) { Warning = warning => Console.Error.WriteLine($"bench: {warning}") };
        publisher.Publish(new Recording(data.Chunks), topic, RecordFormat.Json, paced / realTimeWindowsPerSecond, null, CancellationToken.None);
        var measured = worker.GetAwaiter().GetResult();
        if (measured.Failure is not null)
        {
            throw new BenchFailedException(measured.Failure);
        }

        return new KafkaLatencyResult
        {
            Topology = topology.Name,
            Model = scorer.Card is { } card ? $"{card.Name} v{card.Version}" : Path.GetFileName(stream.Model?.Path ?? "?"),
            Batch = topology.Batching.MaxBatch,
            Window = $"{stream.Window.Size}/{stream.Window.Hop}",
            Sensors = settings.Sensors,
            ChunkSamples = stream.Window.Hop,
            CapacityWindowsPerSecond = Math.Round(capacity),
            Fraction = pacing.Fraction,
            PacedWindowsPerSecond = Math.Round(paced),
            MeasuredWindowsPerSecond = Math.Round(probe.MeasuredWindowsPerSecond),
            WarmUpSeconds = pacing.WarmUp.TotalSeconds,
            Seconds = Math.Round(measured.Seconds, 1),
            CpuSecondsPerSecond = Math.Round(measured.Cpu.TotalSeconds / measured.Seconds, 2),
            WindowScored = probe.Windows,
            AlertAcknowledged = probe.Alerts,
            LoadAverageBefore = loadBefore,
            LoadAverageAfter = KafkaBenchBroker.LoadAverage(),
        };
    }
}

/// <summary>How <c>bench --latency</c> paces its input.</summary>
/// <param name="CapacityWindowsPerSecond">The worker's capacity, windows/s; null measures it first.</param>
/// <param name="Fraction">The share of capacity to publish at.</param>
/// <param name="Seconds">How long to publish.</param>
/// <param name="WarmUpSeconds">Records received in the first seconds are not measured.</param>
internal sealed record LatencyPacing(double? CapacityWindowsPerSecond = null, double Fraction = 0.5, double Seconds = 30, double WarmUpSeconds = 5)
{
    /// <summary>The warm-up as a span.</summary>
    public TimeSpan WarmUp => TimeSpan.FromSeconds(WarmUpSeconds);

    /// <summary>Why the pacing cannot be used, or null.</summary>
    public string? Problem() => CapacityWindowsPerSecond is <= 0 || !(Fraction > 0) || !(Seconds > WarmUpSeconds) || !(WarmUpSeconds >= 0)
        ? string.Create(CultureInfo.InvariantCulture, $"bench --latency needs --capacity > 0 (or none, to measure it), 0 < --fraction and --seconds above the {WarmUpSeconds} s warm-up; got capacity {CapacityWindowsPerSecond}, fraction {Fraction}, seconds {Seconds}.")
        : null;
}
