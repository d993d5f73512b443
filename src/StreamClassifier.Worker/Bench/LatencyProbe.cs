using System.Diagnostics;
using StreamClassifier.Core.Records;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Worker.Demo;

namespace StreamClassifier.Worker.Bench;

/// <summary>
/// The latency bench's view of a worker (through its hooks): per window, from the poll that received
/// the record completing it to its <see cref="WindowScored"/> event; per alert, from that poll to the
/// broker's acknowledgement (<see cref="AlertDelivery.SinceReceived"/>). Records received during the
/// warm-up are left out of both.
/// </summary>
internal sealed class LatencyProbe(TimeSpan warmUp)
{
    private readonly object gate = new();
    private readonly Dictionary<SourcePosition, long> receivedAt = [];
    private readonly List<double> windowMs = [];
    private readonly List<double> alertMs = [];
    private long firstReceived;
    private long measuredFrom = long.MaxValue;
    private long lastScored;
    private long windowsScored;

    /// <summary>Sets the probe's hooks on <paramref name="options"/>.</summary>
    public KafkaWorkerOptions Attach(KafkaWorkerOptions options) => options with { RecordReceived = OnRecordReceived, PipelineEventObserved = OnPipelineEvent, AlertDelivered = OnAlertDelivered };

    /// <summary>Window latencies after the warm-up.</summary>
    public LatencySummary Windows
    {
        get
        {
            lock (gate)
            {
                return LatencySummary.Of(windowMs);
            }
        }
    }

    /// <summary>Alert latencies after the warm-up.</summary>
    public LatencySummary Alerts
    {
        get
        {
            lock (gate)
            {
                return LatencySummary.Of(alertMs);
            }
        }
    }

    /// <summary>Windows scored per second after the warm-up (achieved rate).</summary>
    public double MeasuredWindowsPerSecond
    {
        get
        {
            lock (gate)
            {
                return lastScored > measuredFrom ? windowsScored / Stopwatch.GetElapsedTime(measuredFrom, lastScored).TotalSeconds : 0;
            }
        }
    }

    private void OnRecordReceived(SampleChunk chunk)
    {
        var now = Stopwatch.GetTimestamp();
        lock (gate)
        {
            if (firstReceived == 0)
            {
                firstReceived = now;
                measuredFrom = now + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
            }

            if (now >= measuredFrom && chunk.Source is { } position)
            {
                receivedAt[position] = now;
            }
        }
    }

    private void OnPipelineEvent(PipelineEvent pipelineEvent)
    {
        var now = Stopwatch.GetTimestamp();
        lock (gate)
        {
            switch (pipelineEvent)
            {
                case WindowScored { Score.Window.CompletedBy: { } position } when receivedAt.TryGetValue(position, out var received):
                    windowMs.Add(Stopwatch.GetElapsedTime(received, now).TotalMilliseconds);
                    windowsScored++;
                    lastScored = now;
                    break;
                case ChunkCompleted { Chunk.Source: { } completed }:
                    receivedAt.Remove(completed);
                    break;
            }
        }
    }

    private void OnAlertDelivered(AlertDelivery delivery)
    {
        if (delivery.SinceReceived is not { } sinceReceived)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        lock (gate)
        {
            // Alerts of records received during the warm-up are left out, as their windows are.
            if (now - (long)(sinceReceived.TotalSeconds * Stopwatch.Frequency) >= measuredFrom)
            {
                alertMs.Add(sinceReceived.TotalMilliseconds);
            }
        }
    }
}
