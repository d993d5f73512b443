using System.Diagnostics;

namespace StreamClassifier.Worker.Soak;

/// <summary>
/// Samples the worker under test: the kernel's view of the process (<see cref="ProcessProbe"/>), its
/// <c>/metrics</c> and <c>/readyz</c>, and the producer's count. Keeps every sample and the alert
/// latencies observed between consecutive samples.
/// </summary>
internal sealed class SoakSampler
{
    private const double MiB = 1024 * 1024;
    private readonly WorkerChild worker;
    private readonly SoakProducer producer;
    private readonly Stopwatch clock;
    private readonly List<SoakSample> samples = [];
    private readonly List<CumulativeHistogram> latencies = [];
    private CumulativeHistogram lastLatency = CumulativeHistogram.Empty;

    /// <summary>Samples <paramref name="worker"/>; times are seconds on <paramref name="clock"/>.</summary>
    public SoakSampler(WorkerChild worker, SoakProducer producer, Stopwatch clock)
    {
        this.worker = worker;
        this.producer = producer;
        this.clock = clock;
    }

    /// <summary>Every sample so far.</summary>
    public IReadOnlyList<SoakSample> Samples => samples;

    /// <summary>Alert latencies observed in each sample's interval (aligned with <see cref="Samples"/>).</summary>
    public IReadOnlyList<CumulativeHistogram> Latencies => latencies;

    /// <summary>The last scrape of <c>/metrics</c>.</summary>
    public MetricsScrape? LastScrape { get; private set; }

    /// <summary>Takes a sample and keeps it.</summary>
    public SoakSample Take(SoakPhase phase, double targetRate)
    {
        var probe = ProcessProbe.Read(worker.Pid);
        var scrape = worker.Scrape();
        var ready = worker.Readiness();
        LastScrape = scrape ?? LastScrape;
        var latency = scrape?.Histogram(WorkerMetricNames.AlertLatency) ?? lastLatency;
        var interval = latency.Since(lastLatency);
        lastLatency = latency;
        var sample = new SoakSample
        {
            Seconds = clock.Elapsed.TotalSeconds,
            Phase = phase,
            TargetRate = targetRate,
            RssMiB = probe?.RssBytes / MiB,
            Threads = probe?.Threads,
            OpenFiles = probe?.OpenFiles,
            ManagedHeapMiB = scrape?.Sum(WorkerMetricNames.HeapAfterCollection) / MiB,
            LagRecords = scrape?.Sum(WorkerMetricNames.Lag),
            LagSeconds = scrape?.Max(WorkerMetricNames.LagSeconds),
            InFlight = scrape?.Sum(WorkerMetricNames.InFlight),
            Produced = producer.Acknowledged,
            Processed = scrape?.Sum(WorkerMetricNames.Records),
            AlertLatencyP50Ms = interval.Quantile(0.5) * 1000,
            AlertLatencyP99Ms = interval.Quantile(0.99) * 1000,
            AlertsInInterval = interval.Total,
            ReadyStatus = ready?.Status,
            NotReadyReason = ready is { Status: not 200, Body: { } body } ? body.Split('\n').Skip(1).FirstOrDefault(line => line.StartsWith("- ", StringComparison.Ordinal))?[2..] : null,
        };
        samples.Add(sample);
        latencies.Add(interval);
        return sample;
    }

    /// <summary>Records completed, dead-lettered or skipped per the last scrape (what the worker has done with what it was given).</summary>
    public static long Settled(MetricsScrape scrape)
    {
        ArgumentNullException.ThrowIfNull(scrape);
        return (long)((scrape.Sum(WorkerMetricNames.Records) ?? 0) + (scrape.Sum(WorkerMetricNames.DeadLetters) ?? 0) + (scrape.Sum(WorkerMetricNames.SkippedByBroker) ?? 0));
    }
}
