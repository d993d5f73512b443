using System.Diagnostics;
using StreamClassifier.Core.Records;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Events;

namespace StreamClassifier.Worker.Demo;

/// <summary>
/// Collects what the demo shows and summarises, from the worker's hooks: the time each record was
/// received (polling thread), every pipeline event (under the pipeline's gate) and alert deliveries
/// (producer delivery thread; the worker times each from the receipt of the record that completed the
/// alert's window, as <c>run</c>'s latency histogram does). One lock guards everything; the rates
/// involved (hundreds of events per second) make contention irrelevant.
/// </summary>
internal sealed class DemoMonitor
{
    private const int RecentCapacity = 8;
    private readonly object gate = new();
    private readonly double startMs;
    private readonly Dictionary<string, SensorCounts> sensors = new(StringComparer.Ordinal);
    private readonly Dictionary<SourcePosition, long> receivedAt = [];
    private readonly List<double> windowLatenciesMs = [];
    private readonly List<double> alertLatenciesMs = [];
    private readonly Queue<DemoAlertEvent> recentAlerts = new();
    private readonly Queue<string> recentLog = new();
    private readonly List<DemoAlertEvent> newAlerts = [];
    private readonly List<string> newLog = [];
    private long recordsReceived;
    private long firstReceivedTicks;
    private long lastCompletedTicks;

    /// <summary>Creates a monitor for sensors whose first sample is at <paramref name="startMs"/>.</summary>
    /// <param name="samplesBySensor">Samples the replay will publish per sensor.</param>
    /// <param name="startMs">Time of every record's first sample, ms since the Unix epoch.</param>
    public DemoMonitor(IReadOnlyDictionary<string, long> samplesBySensor, double startMs)
    {
        ArgumentNullException.ThrowIfNull(samplesBySensor);
        this.startMs = startMs;
        foreach (var (sensorId, samples) in samplesBySensor)
        {
            sensors[sensorId] = new SensorCounts { SamplesTotal = samples };
        }
    }

    /// <summary>Records the worker received and fed to the pipeline.</summary>
    public long RecordsReceived
    {
        get
        {
            lock (gate)
            {
                return recordsReceived;
            }
        }
    }

    /// <summary>Wall time from the first record received to the last record completed.</summary>
    public TimeSpan ProcessingTime
    {
        get
        {
            lock (gate)
            {
                return firstReceivedTicks == 0 || lastCompletedTicks < firstReceivedTicks ? TimeSpan.Zero : Stopwatch.GetElapsedTime(firstReceivedTicks, lastCompletedTicks);
            }
        }
    }

    /// <summary>The worker received a record (hook: <c>KafkaWorkerOptions.RecordReceived</c>).</summary>
    public void OnRecordReceived(SampleChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var now = Stopwatch.GetTimestamp();
        lock (gate)
        {
            recordsReceived++;
            if (firstReceivedTicks == 0)
            {
                firstReceivedTicks = now;
            }

            if (chunk.Source is { } position)
            {
                receivedAt[position] = now;
            }
        }
    }

    /// <summary>A pipeline event (hook: <c>KafkaWorkerOptions.PipelineEventObserved</c>).</summary>
    public void OnPipelineEvent(PipelineEvent pipelineEvent)
    {
        ArgumentNullException.ThrowIfNull(pipelineEvent);
        var now = Stopwatch.GetTimestamp();
        lock (gate)
        {
            switch (pipelineEvent)
            {
                case WindowScored { Score: var score }:
                {
                    var counts = Sensor(score.Window.SensorId);
                    counts.Windows++;
                    counts.LastScore = score.Score;
                    counts.WindowScores.Add((score.Window.StartIndex, score.Score));
                    if (score.Window.CompletedBy is { } position && receivedAt.TryGetValue(position, out var received))
                    {
                        windowLatenciesMs.Add(Stopwatch.GetElapsedTime(received, now).TotalMilliseconds);
                    }

                    break;
                }

                case AlertEmitted { Alert: var alert }:
                {
                    var raised = alert.State == AlertRecord.ToWire(AlertState.Raised);
                    var counts = Sensor(alert.Sensor);
                    var demoAlert = new DemoAlertEvent(alert.Sensor, raised, alert.Score, (alert.WindowStartMs - startMs) / 1000.0, (alert.WindowEndMs - startMs) / 1000.0);
                    counts.Alerts.Add(demoAlert);
                    recentAlerts.Enqueue(demoAlert);
                    if (recentAlerts.Count > RecentCapacity)
                    {
                        recentAlerts.Dequeue();
                    }

                    newAlerts.Add(demoAlert);
                    break;
                }

                case ChunkCompleted { Chunk: var chunk }:
                    Sensor(chunk.SensorId).SamplesProcessed += chunk.SampleCount;
                    lastCompletedTicks = now;
                    if (chunk.Source is { } completed)
                    {
                        receivedAt.Remove(completed);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// The broker acknowledged an alert (hook: <c>KafkaWorkerOptions.AlertDelivered</c>): its latency is
    /// the worker's own, from receiving the record that completed the alert's window. An alert of a window
    /// restored from a checkpoint (its record was received by another process) has none.
    /// </summary>
    public void OnAlertDelivered(AlertDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (delivery.SinceReceived is not { } sinceReceived)
        {
            return;
        }

        lock (gate)
        {
            alertLatenciesMs.Add(sinceReceived.TotalMilliseconds);
        }
    }

    /// <summary>A worker log line (kept for the live view).</summary>
    public void OnLog(string line)
    {
        lock (gate)
        {
            recentLog.Enqueue(line);
            if (recentLog.Count > 4)
            {
                recentLog.Dequeue();
            }

            newLog.Add(line);
        }
    }

    /// <summary>Per-sensor progress, by sensor id.</summary>
    public IReadOnlyList<SensorProgress> Sensors()
    {
        lock (gate)
        {
            return [.. sensors.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => new SensorProgress(
                pair.Key, pair.Value.SamplesTotal, pair.Value.SamplesProcessed, pair.Value.Windows,
                pair.Value.Alerts.Count(alert => alert.Raised), pair.Value.Alerts.Count(alert => !alert.Raised),
                pair.Value.Alerts.Count > 0 && pair.Value.Alerts[^1].Raised, pair.Value.LastScore))];
        }
    }

    /// <summary>A sensor's scored windows: (first sample from the sensor's start, score), in window order.</summary>
    public IReadOnlyList<(long Start, double Score)> WindowScoresOf(string sensorId)
    {
        lock (gate)
        {
            return sensors.TryGetValue(sensorId, out var counts) ? [.. counts.WindowScores.OrderBy(window => window.Start)] : [];
        }
    }

    /// <summary>A sensor's alert events in emission order.</summary>
    public IReadOnlyList<DemoAlertEvent> AlertsOf(string sensorId)
    {
        lock (gate)
        {
            return sensors.TryGetValue(sensorId, out var counts) ? [.. counts.Alerts] : [];
        }
    }

    /// <summary>The latest alert events, oldest first.</summary>
    public IReadOnlyList<DemoAlertEvent> RecentAlerts()
    {
        lock (gate)
        {
            return [.. recentAlerts];
        }
    }

    /// <summary>The latest worker log lines, oldest first.</summary>
    public IReadOnlyList<string> RecentLog()
    {
        lock (gate)
        {
            return [.. recentLog];
        }
    }

    /// <summary>Alert events and log lines since the previous call (for line-by-line output).</summary>
    public (IReadOnlyList<DemoAlertEvent> Alerts, IReadOnlyList<string> Log) TakeNew()
    {
        lock (gate)
        {
            var result = (Alerts: (IReadOnlyList<DemoAlertEvent>)[.. newAlerts], Log: (IReadOnlyList<string>)[.. newLog]);
            newAlerts.Clear();
            newLog.Clear();
            return result;
        }
    }

    /// <summary>Latencies from the worker receiving a window's last record to the window being scored, ms.</summary>
    public IReadOnlyList<double> WindowLatenciesMs()
    {
        lock (gate)
        {
            return [.. windowLatenciesMs];
        }
    }

    /// <summary>Latencies from the worker receiving the record that completed an alert's window to the broker acknowledging the alert, ms.</summary>
    public IReadOnlyList<double> AlertLatenciesMs()
    {
        lock (gate)
        {
            return [.. alertLatenciesMs];
        }
    }

    private SensorCounts Sensor(string sensorId)
    {
        if (!sensors.TryGetValue(sensorId, out var counts))
        {
            counts = new SensorCounts();
            sensors[sensorId] = counts;
        }

        return counts;
    }

    private sealed class SensorCounts
    {
        public long SamplesTotal { get; init; }

        public long SamplesProcessed { get; set; }

        public long Windows { get; set; }

        public double LastScore { get; set; } = double.NaN;

        public List<DemoAlertEvent> Alerts { get; } = [];

        public List<(long Start, double Score)> WindowScores { get; } = [];
    }
}
