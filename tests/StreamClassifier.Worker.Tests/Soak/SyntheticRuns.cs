using StreamClassifier.Worker.Soak;

namespace StreamClassifier.Worker.Tests.Soak;

/// <summary>Synthetic soak samples: a flat, healthy run by default, with any series replaced.</summary>
internal static class SyntheticRuns
{
    public const double Rate = 100;

    /// <summary>An hour of steady samples every 5 s (plus a short calibration), each value from the given functions of minutes.</summary>
    public static List<SoakSample> Steady(
        Func<double, double>? rss = null,
        Func<double, double>? heap = null,
        Func<double, double>? threads = null,
        Func<double, double>? files = null,
        Func<double, double>? lag = null,
        double minutes = 60)
    {
        var samples = new List<SoakSample>();
        for (var second = 0.0; second < 60; second += 5)
        {
            samples.Add(new SoakSample { Seconds = second, Phase = SoakPhase.Calibration, TargetRate = 0, Produced = 0, RssMiB = 500, Threads = 90, OpenFiles = 400, LagRecords = 30_000 });
        }

        for (var second = 60.0; second <= 60 + (minutes * 60); second += 5)
        {
            var minute = (second - 60) / 60;
            var sawtooth = (minute * 7 % 1) - 0.5; // GC and allocator noise around the level
            samples.Add(new SoakSample
            {
                Seconds = second,
                Phase = SoakPhase.Steady,
                TargetRate = Rate,
                Produced = (long)(second * Rate),
                RssMiB = rss?.Invoke(minute) ?? 180 + (6 * sawtooth),
                ManagedHeapMiB = heap?.Invoke(minute) ?? 17 + sawtooth,
                Threads = (int)Math.Round(threads?.Invoke(minute) ?? 41 + (sawtooth > 0.3 ? 1 : 0)),
                OpenFiles = (int)Math.Round(files?.Invoke(minute) ?? 230),
                LagRecords = lag?.Invoke(minute) ?? 100 + (50 * sawtooth),
            });
        }

        return samples;
    }

    /// <summary>Per sample, <paramref name="alerts"/> alert latencies around <paramref name="millisecondsAt"/>(minute) in the worker's buckets.</summary>
    public static List<CumulativeHistogram> Latencies(IReadOnlyList<SoakSample> samples, Func<double, double> millisecondsAt, int alerts = 5)
    {
        double[] bounds = [0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, double.PositiveInfinity];
        return
        [
            .. samples.Select(sample =>
            {
                var seconds = millisecondsAt(sample.Seconds / 60) / 1000;
                return new CumulativeHistogram(bounds, [.. bounds.Select(bound => bound >= seconds ? (double)alerts : 0)]);
            }),
        ];
    }

    public static SoakAccounting Balanced(long produced = 360_000) => new()
    {
        Produced = produced,
        Processed = produced - 10,
        DeadLettered = 10,
        SkippedByBroker = 0,
        InFlightAtEnd = 0,
        LagAtEnd = 0,
        WorkerExitCode = 0,
    };
}
