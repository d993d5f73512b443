using System.Globalization;

namespace StreamClassifier.Kafka.Replay;

/// <summary>
/// Infers a sensor's nominal sample rate from the timestamps of a whole recording. Records carry a
/// declared <c>rate_hz</c> that the worker compares exactly with its stream rule's, so replay must
/// state the sensor's true rate, not one measured from two rounded timestamps (360 Hz rows written
/// with whole or 0.001 ms timestamps step by 3, 2 or 2.778 ms: 333, 500 or 359.97 Hz).
/// </summary>
/// <remarks>
/// The rate is (samples − 1) / duration summed over the recording's gap-free runs, so the rounding of
/// the timestamps (at most half their resolution at each end of a run) shrinks with the recording's
/// length. The estimate is then replaced by the simplest value the timestamps cannot tell from it:
/// a common sensor rate, else the value with the fewest decimals, within that rounding error.
/// </remarks>
internal static class SampleRateInference
{
    // Rates sensors, ADCs and audio commonly run at; preferred over a nearby integer when both fit.
    private static readonly double[] CommonRates =
        [1, 2, 4, 5, 8, 10, 16, 20, 25, 32, 50, 64, 100, 125, 128, 200, 250, 256, 300, 360, 400, 500, 512,
         1000, 1024, 2000, 2048, 4000, 4096, 8000, 8192, 16000, 22050, 32000, 44100, 48000];

    private const int MaxDecimals = 6;

    /// <summary>The time resolution a CSV timestamp field shows: 10^−decimals ms, at least the double's own spacing there.</summary>
    /// <param name="text">The field as written.</param>
    /// <param name="valueMs">Its parsed value.</param>
    public static double ResolutionOf(ReadOnlySpan<char> text, double valueMs)
    {
        var magnitude = Math.Abs(valueMs);
        var doubleSpacing = Math.BitIncrement(magnitude) - magnitude;
        var field = text.Trim();
        if (field.IndexOfAny('e', 'E') >= 0)
        {
            return doubleSpacing; // exponent notation: the digits shown say little; assume full precision
        }

        var point = field.IndexOf('.');
        var decimals = point < 0 ? 0 : field.Length - point - 1;
        return Math.Max(Math.Pow(10, -decimals), doubleSpacing);
    }

    /// <summary>Infers the sample rate of one sensor.</summary>
    /// <param name="timesMs">The sensor's timestamps in file order, ms.</param>
    /// <param name="resolutionMs">The coarsest rounding of those timestamps (<see cref="ResolutionOf"/>), ms.</param>
    /// <param name="sensor">The sensor id (for messages).</param>
    /// <param name="sourceName">The file (for messages).</param>
    /// <exception cref="FormatException">The timestamps do not determine a rate; the message says why and to pass --rate-hz.</exception>
    public static double Infer(IReadOnlyList<double> timesMs, double resolutionMs, string sensor, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(timesMs);
        if (timesMs.Count < 2)
        {
            throw new FormatException($"{sourceName}: sensor \"{sensor}\" has a single sample, so its rate cannot be inferred; pass --rate-hz.");
        }

        var steps = new double[timesMs.Count - 1];
        for (var i = 0; i < steps.Length; i++)
        {
            steps[i] = timesMs[i + 1] - timesMs[i];
        }

        var typicalStep = Median(steps);
        if (!(typicalStep > 0))
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{sourceName}: sensor \"{sensor}\"'s timestamps do not increase (median step {typicalStep} ms), so its rate cannot be inferred; sort the rows by time or pass --rate-hz."));
        }

        // A step more than half a period off the typical one is a gap (or a row out of order); when the
        // rounding alone can move a step that far, gaps and rounding cannot be told apart.
        var irregularSteps = steps.Count(step => Math.Abs(step - typicalStep) > 0.5 * typicalStep);
        if (irregularSteps > 0 && resolutionMs > 0.5 * typicalStep)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{sourceName}: sensor \"{sensor}\"'s timestamps are rounded to {resolutionMs} ms, too coarse for its sample period of about {typicalStep} ms ({irregularSteps} step(s) more than half a period off), so its rate cannot be inferred; pass --rate-hz or write finer timestamps."));
        }

        var (intervals, durationMs, runs) = MeasureGapFreeRuns(timesMs, steps, typicalStep);
        var estimate = intervals * 1000.0 / durationMs;

        // Each run's duration is off by at most one resolution step (half at each end), plus the
        // spacing of doubles there (2.4e-4 ms at today's epoch milliseconds) from parsing.
        var latest = Math.Max(Math.Abs(timesMs[0]), Math.Abs(timesMs[timesMs.Count - 1]));
        var errorPerRunMs = resolutionMs + (Math.BitIncrement(latest) - latest);
        var tolerance = Math.Max(estimate * runs * errorPerRunMs / durationMs, 1e-9 * estimate);
        return SimplestRateWithin(estimate, tolerance);
    }

    /// <summary>
    /// Sample intervals and duration summed over the gap-free runs (steps within half a period of the
    /// typical one; RecordingCsv.Cut splits records the same way), and how many runs there are.
    /// </summary>
    private static (long Intervals, double DurationMs, int Runs) MeasureGapFreeRuns(IReadOnlyList<double> timesMs, double[] steps, double typicalStep)
    {
        long intervals = 0;
        double durationMs = 0;
        var runs = 0;
        var runStart = 0;
        for (var i = 0; i <= steps.Length; i++)
        {
            if (i < steps.Length && Math.Abs(steps[i] - typicalStep) <= 0.5 * typicalStep)
            {
                continue;
            }

            if (i > runStart)
            {
                intervals += i - runStart;
                durationMs += timesMs[i] - timesMs[runStart];
                runs++;
            }

            runStart = i + 1;
        }

        return (intervals, durationMs, runs);
    }

    /// <summary>The closest common rate within <paramref name="tolerance"/> of the estimate, else the value with the fewest decimals there.</summary>
    private static double SimplestRateWithin(double estimate, double tolerance)
    {
        double? closestCommon = null;
        foreach (var common in CommonRates)
        {
            if (Math.Abs(common - estimate) <= tolerance && (closestCommon is not { } best || Math.Abs(common - estimate) < Math.Abs(best - estimate)))
            {
                closestCommon = common;
            }
        }

        if (closestCommon is { } commonRate)
        {
            return commonRate;
        }

        for (var decimals = 0; decimals <= MaxDecimals; decimals++)
        {
            var simplest = Math.Round(estimate, decimals);
            if (simplest > 0 && Math.Abs(simplest - estimate) <= tolerance)
            {
                return simplest;
            }
        }

        return Math.Round(estimate, MaxDecimals);
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
