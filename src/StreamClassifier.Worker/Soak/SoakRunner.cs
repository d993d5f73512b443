using System.Diagnostics;
using System.Globalization;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Worker.Demo;

namespace StreamClassifier.Worker.Soak;

/// <summary>
/// Runs a soak: the embedded broker and the producer in this process, the worker in a child process;
/// measures the worker's capacity with a backlog, applies the profile's load while sampling the worker,
/// drains, stops the worker with SIGTERM and judges the run.
/// </summary>
internal static class SoakRunner
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(5);

    /// <summary>Runs the soak described by <paramref name="options"/>; progress lines go to <paramref name="progress"/>.</summary>
    /// <exception cref="TopologyException">The topology is invalid.</exception>
    /// <exception cref="InvalidOperationException">The worker did not start or become ready; the message says why and where its log is.</exception>
    public static SoakResult Run(SoakOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var topology = TopologyLoader.Load(options.TopologyPath);
        var source = topology.Source.Kafka;
        Directory.CreateDirectory(options.OutputDirectory);
        var startedAt = DateTimeOffset.UtcNow;
        var records = LoadRecords(options);
        var sensors = new SoakSensors(records, options.Sensors, Math.Floor(startedAt.ToUnixTimeMilliseconds() / 1000.0) * 1000.0);
        using var cluster = StartBroker(topology, options.Partitions);
        var logPath = Path.Combine(options.OutputDirectory, "worker.log");
        using var worker = WorkerChild.Start(Path.GetFullPath(options.TopologyPath), cluster.BootstrapServers, logPath, "soak");
        using var producer = new SoakProducer(cluster.BootstrapServers, source.Topic, source.Format, sensors);
        var clock = Stopwatch.StartNew();
        var sampler = new SoakSampler(worker, producer, clock);
        WaitReady(worker, logPath, cancellationToken);
        progress.WriteLine($"soak: worker pid {worker.Pid} ready on {worker.BaseUri} after {clock.Elapsed.TotalSeconds:0} s; broker {cluster.BootstrapServers}, {options.Partitions} partitions of {source.Topic}, {options.Sensors} sensors");
        producer.Start();
        var load = new SoakLoad(options, producer, sampler, worker, progress, cancellationToken);
        var capacity = options.Capacity ?? load.Calibrate();
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"soak: capacity {capacity:0} records/s ({capacity * options.SamplesPerRecord / records[0].SampleRateHz / options.Sensors:0.00}× real time for {options.Sensors} sensors)"));
        ApplyProfile(options, load, capacity);
        producer.StopAndFlush(TimeSpan.FromSeconds(30));
        load.Drain(DrainLimit);
        var accounting = Account(worker, sampler, producer);
        var checks = options.Profile == SoakProfile.Steady
            ? SoakVerdict.Steady(sampler.Samples, sampler.Latencies, accounting, options.Bounds)
            : OverloadVerdict.Checks(sampler.Samples, accounting, options.Bounds, source.MaxInFlightRecords);
        return new SoakResult
        {
            Options = options,
            TopologyName = topology.Name,
            Model = topology.Streams.Select(stream => stream.Model?.Path).OfType<string>().FirstOrDefault() ?? "none",
            StartedAt = startedAt,
            WallSeconds = clock.Elapsed.TotalSeconds,
            CapacityRecordsPerSecond = capacity,
            CapacityMeasured = options.Capacity is null,
            MaxInFlightRecords = source.MaxInFlightRecords,
            SampleRateHz = records[0].SampleRateHz,
            Samples = sampler.Samples,
            Latencies = sampler.Latencies,
            Accounting = accounting,
            Checks = checks,
            WorkerLog = logPath,
        };
    }

    private static List<DemoRecord> LoadRecords(SoakOptions options)
    {
        var names = DemoRecord.Available(options.DataDirectory);
        if (names.Count == 0)
        {
            throw new ArgumentException($"No annotated WFDB records (.hea with .atr) in {Path.GetFullPath(options.DataDirectory)}; pass --data (the demo's records are in samples/mitbih-heldout).", nameof(options));
        }

        return [.. names.Select(name => DemoRecord.Load(options.DataDirectory, name, 0, options.SamplesPerRecord, null))];
    }

    private static EmbeddedKafkaCluster StartBroker(TopologyDefinition topology, int partitions)
    {
        var source = topology.Source.Kafka;
        var cluster = EmbeddedKafkaCluster.Start(brokerCount: 1);
        cluster.CreateTopic(source.Topic, partitions);
        foreach (var topic in new[] { source.EffectiveCheckpointTopic, topology.Sinks.AlertsTopic, topology.Sinks.DeadLetterTopic }.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            cluster.CreateTopic(topic, partitions: 4);
        }

        return cluster;
    }

    private static void ApplyProfile(SoakOptions options, SoakLoad load, double capacity)
    {
        var steadyRate = options.Fraction * capacity;
        load.Hold(SoakPhase.Steady, steadyRate, options.Duration);
        if (options.Profile == SoakProfile.Overload)
        {
            load.Hold(SoakPhase.Overload, options.OverloadFactor * capacity, options.OverloadDuration);
            load.Recover(steadyRate, options.RecoveryLimit, options.Bounds.LagSeconds);
        }
    }

    // The worker's own totals, scraped after the drain and before SIGTERM, against what the broker acknowledged to the producer.
    private static SoakAccounting Account(WorkerChild worker, SoakSampler sampler, SoakProducer producer)
    {
        var final = worker.Scrape() ?? sampler.LastScrape;
        var exitCode = worker.Stop(TimeSpan.FromMinutes(1));
        return new SoakAccounting
        {
            Produced = producer.Acknowledged,
            ProduceFailures = producer.Failed,
            Processed = (long)(final?.Sum(WorkerMetricNames.Records) ?? 0),
            DeadLettered = (long)(final?.Sum(WorkerMetricNames.DeadLetters) ?? 0),
            SkippedByBroker = (long)(final?.Sum(WorkerMetricNames.SkippedByBroker) ?? 0),
            InFlightAtEnd = (long)(final?.Sum(WorkerMetricNames.InFlight) ?? -1),
            LagAtEnd = (long)(final?.Sum(WorkerMetricNames.Lag) ?? -1),
            WorkerExitCode = exitCode,
        };
    }

    private static void WaitReady(WorkerChild worker, string logPath, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ReadyLimit;
        while (DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            if (worker.HasExited)
            {
                throw new InvalidOperationException($"the worker exited with code {worker.ExitCode} before it was ready; its log is {logPath}.");
            }

            if (worker.Readiness() is { Status: 200 })
            {
                return;
            }

            Thread.Sleep(250);
        }

        throw new InvalidOperationException($"the worker was not ready within {ReadyLimit.TotalMinutes:0} minutes; its log is {logPath}.");
    }
}
