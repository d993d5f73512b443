using System.Diagnostics;
using System.Globalization;

namespace StreamClassifier.Worker.Soak;

/// <summary>
/// Drives the producer through the soak's phases while sampling the worker every
/// <see cref="SoakOptions.SampleInterval"/>: the calibration backlog, a held rate, the recovery after an
/// overload, and the drain at the end.
/// </summary>
internal sealed class SoakLoad
{
    private readonly SoakOptions options;
    private readonly SoakProducer producer;
    private readonly SoakSampler sampler;
    private readonly WorkerChild worker;
    private readonly TextWriter progress;
    private readonly CancellationToken cancellationToken;

    /// <summary>Creates the driver.</summary>
    public SoakLoad(SoakOptions options, SoakProducer producer, SoakSampler sampler, WorkerChild worker, TextWriter progress, CancellationToken cancellationToken)
    {
        this.options = options;
        this.producer = producer;
        this.sampler = sampler;
        this.worker = worker;
        this.progress = progress;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>
    /// Publishes the calibration backlog at full speed and measures how fast the worker works it off
    /// (records per second between the end of publishing and 90 % of the backlog done); waits until the
    /// whole backlog is processed, so the next phase starts without lag.
    /// </summary>
    public double Calibrate()
    {
        var before = Processed() ?? 0;
        var count = options.CalibrationRecords;
        progress.WriteLine($"soak: calibrating with a backlog of {count:N0} records");
        producer.Burst(count, cancellationToken);
        var clock = Stopwatch.StartNew();
        var start = (Seconds: 0.0, Processed: Processed() ?? before);
        (double Seconds, double Processed)? end = null;
        var nextSample = TimeSpan.Zero;
        while (!cancellationToken.IsCancellationRequested && !worker.HasExited && clock.Elapsed < TimeSpan.FromMinutes(30))
        {
            var processed = Processed() ?? 0;
            if (end is null && processed - before >= 0.9 * count)
            {
                end = (clock.Elapsed.TotalSeconds, processed);
            }

            if (processed - before >= count)
            {
                break;
            }

            if (clock.Elapsed >= nextSample)
            {
                sampler.Take(SoakPhase.Calibration, 0);
                nextSample += options.SampleInterval;
            }

            Thread.Sleep(500);
        }

        if (end is not { } measured || measured.Seconds - start.Seconds < 1 || measured.Processed <= start.Processed)
        {
            throw new InvalidOperationException($"the worker processed {(Processed() ?? 0) - before:N0} of the {count:N0} calibration records; capacity could not be measured (see {Path.Combine(options.OutputDirectory, "worker.log")}). Give a larger --calibration-records or --capacity.");
        }

        return (measured.Processed - start.Processed) / (measured.Seconds - start.Seconds);
    }

    /// <summary>Publishes at <paramref name="rate"/> records/s for <paramref name="duration"/>, sampling.</summary>
    public void Hold(SoakPhase phase, double rate, TimeSpan duration)
    {
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"soak: {phase.ToString().ToLowerInvariant()} at {rate:0} records/s for {duration.TotalMinutes:0.#} min"));
        producer.Rate = rate;
        SampleUntil(phase, rate, duration, stop: null);
    }

    /// <summary>Publishes at <paramref name="rate"/> until the worker has caught up (lag within <paramref name="lagSeconds"/> of the rate and ready) and held it for three samples, or <paramref name="limit"/> passes.</summary>
    public void Recover(double rate, TimeSpan limit, double lagSeconds)
    {
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"soak: recovery at {rate:0} records/s until caught up (at most {limit.TotalMinutes:0.#} min)"));
        producer.Rate = rate;
        var caughtUp = 0;
        SampleUntil(SoakPhase.Recovery, rate, limit, sample =>
        {
            caughtUp = OverloadVerdict.CaughtUp(sample, lagSeconds) ? caughtUp + 1 : 0;
            return caughtUp >= 3;
        });
    }

    /// <summary>Samples until the worker has settled everything the producer published (nothing in flight, nothing uncommitted) or <paramref name="limit"/> passes.</summary>
    public void Drain(TimeSpan limit)
    {
        progress.WriteLine($"soak: publishing stopped at {producer.Acknowledged:N0} records; draining");
        var produced = producer.Acknowledged;
        SampleUntil(SoakPhase.Drain, 0, limit, _ =>
            sampler.LastScrape is { } scrape && SoakSampler.Settled(scrape) >= produced
            && scrape.Sum(WorkerMetricNames.InFlight) is 0 && scrape.Sum(WorkerMetricNames.Lag) is 0);
    }

    private void SampleUntil(SoakPhase phase, double rate, TimeSpan duration, Func<SoakSample, bool>? stop)
    {
        var clock = Stopwatch.StartNew();
        var next = TimeSpan.Zero;
        TimeSpan? lastReport = null;
        while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
        {
            if (worker.HasExited)
            {
                throw new InvalidOperationException($"the worker exited with code {worker.ExitCode} during the {phase.ToString().ToLowerInvariant()} phase; its log is {Path.Combine(options.OutputDirectory, "worker.log")}.");
            }

            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero && cancellationToken.WaitHandle.WaitOne(wait))
            {
                break;
            }

            var sample = sampler.Take(phase, rate);
            next += options.SampleInterval;
            if (lastReport is null || clock.Elapsed - lastReport >= TimeSpan.FromMinutes(1) || phase != SoakPhase.Steady)
            {
                lastReport = clock.Elapsed;
                progress.WriteLine(Describe(sample));
            }

            if (stop?.Invoke(sample) == true)
            {
                break;
            }
        }
    }

    private double? Processed() => worker.Scrape()?.Sum(WorkerMetricNames.Records);

    private static string Describe(SoakSample sample) => string.Create(CultureInfo.InvariantCulture,
        $"  {sample.Seconds,7:0} s {sample.Phase.ToString().ToLowerInvariant(),-11} rss {sample.RssMiB,6:0.0} MiB heap {sample.ManagedHeapMiB,6:0.0} MiB threads {sample.Threads,3} fds {sample.OpenFiles,4} lag {sample.LagRecords,8:0} ({sample.LagSeconds,5:0.0} s) in flight {sample.InFlight,6:0} produced {sample.Produced,10:N0} processed {sample.Processed,10:N0} alert p99 {sample.AlertLatencyP99Ms,6:0} ms ready {sample.ReadyStatus}");
}
