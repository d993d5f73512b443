using System.Diagnostics;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Onnx.Scoring;

namespace StreamClassifier.Worker.Bench;

/// <summary>
/// For a model the worker streams: the scorer alone recomputing whole windows against the same scorer
/// streaming, interleaved round by round on the same windows — one window per sensor per batch, each
/// sensor's windows one hop apart, as the worker's cross-sensor batches deliver them. Each streaming
/// round starts with every carried state forgotten, so its first batch is primed from whole windows.
/// </summary>
internal static class StreamingComparison
{
    /// <summary>Measures, or returns null when <paramref name="scorer"/> does not stream.</summary>
    public static StreamingBench? Measure(IWindowScorer scorer, int batch, BenchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (scorer is not OnnxWindowScorer { StreamingGraphs: { } graphs } streaming)
        {
            return null;
        }

        using var recompute = OnnxWindowScorer.Create(streaming.Model, new OnnxScorerOptions { Streaming = false, MaxBatch = streaming.MaxBatch });
        var rounds = Math.Max(2, settings.Windows / batch);
        var windows = Windows(streaming.Channels, streaming.WindowLength, graphs.Hop, batch, rounds, settings.Seed);
        var difference = MaxDifference(recompute, streaming, windows, batch);
        var recomputeRates = new List<double>();
        var streamingRates = new List<double>();
        for (var round = 0; round < settings.Rounds; round++)
        {
            recomputeRates.Add(Rate(recompute, windows, batch));
            streaming.ResetStreaming();
            streamingRates.Add(Rate(streaming, windows, batch));
        }

        var plan = graphs.Plan;
        var recomputeFlops = 2 * (plan.WholeWindowTrunkMacs() + plan.HeadMacs);
        var streamingFlops = 2 * (plan.StepTrunkMacs(graphs.Hop) + plan.HeadMacs);
        var recomputeRate = Median(recomputeRates);
        var streamingRate = Median(streamingRates);
        var peak = MachinePeak.Detect();
        return new StreamingBench
        {
            Hop = graphs.Hop,
            RecomputeWindowsPerS = Math.Round(recomputeRate, 1),
            StreamingWindowsPerS = Math.Round(streamingRate, 1),
            Speedup = Math.Round(streamingRate / recomputeRate, 3),
            RecomputeFlopsPerWindow = recomputeFlops,
            StreamingFlopsPerWindow = streamingFlops,
            PeakGflops = peak is null ? null : Math.Round(peak.Gflops, 1),
            Peak = peak?.Derivation,
            RecomputePeakShare = peak is null ? null : Math.Round(recomputeRate * recomputeFlops / (peak.Gflops * 1e9), 4),
            StreamingPeakShare = peak is null ? null : Math.Round(streamingRate * streamingFlops / (peak.Gflops * 1e9), 4),
            MaxAbsDifference = difference,
            Windows = (long)rounds * batch,
        };
    }

    // rounds × batch windows: batch k holds window k of every sensor; a sensor's signal is smooth noise.
    private static float[] Windows(int channels, int length, int hop, int sensors, int rounds, int seed)
    {
        var random = new Random(seed);
        var samples = length + ((rounds - 1) * hop);
        var windowValues = channels * length;
        var windows = new float[(long)rounds * sensors * windowValues];
        for (var sensor = 0; sensor < sensors; sensor++)
        {
            var signal = new float[channels * samples];
            for (var i = 0; i < signal.Length; i++)
            {
                signal[i] = (float)(Math.Sin(i * 0.05 * (1 + (sensor % 7))) + (0.3 * ((random.NextDouble() * 2) - 1)));
            }

            for (var round = 0; round < rounds; round++)
            {
                var window = windows.AsSpan((int)((((long)round * sensors) + sensor) * windowValues), windowValues);
                for (var channel = 0; channel < channels; channel++)
                {
                    signal.AsSpan((channel * samples) + (round * hop), length).CopyTo(window[(channel * length)..]);
                }
            }
        }

        return windows;
    }

    private static double MaxDifference(IWindowScorer recompute, IWindowScorer streaming, float[] windows, int batch)
    {
        var windowValues = recompute.Channels * recompute.WindowLength;
        var count = windows.Length / windowValues;
        var expected = new float[count];
        var actual = new float[count];
        for (var first = 0; first < count; first += batch)
        {
            var span = windows.AsSpan(first * windowValues, batch * windowValues);
            recompute.Score(span, batch, expected.AsSpan(first, batch));
            streaming.Score(span, batch, actual.AsSpan(first, batch));
        }

        return expected.Zip(actual, (e, a) => (double)Math.Abs(e - a)).Max();
    }

    private static double Rate(IWindowScorer scorer, float[] windows, int batch)
    {
        var windowValues = scorer.Channels * scorer.WindowLength;
        var count = windows.Length / windowValues;
        var probabilities = new float[batch];
        var clock = Stopwatch.StartNew();
        for (var first = 0; first < count; first += batch)
        {
            scorer.Score(windows.AsSpan(first * windowValues, batch * windowValues), batch, probabilities);
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
