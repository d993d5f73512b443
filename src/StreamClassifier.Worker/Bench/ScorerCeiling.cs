using System.Diagnostics;
using StreamClassifier.Core.Scoring;

namespace StreamClassifier.Worker.Bench;

/// <summary>
/// The scorer alone: the same number of windows as a pipeline pass, in full batches of fixed random
/// input, with nothing else on the thread. Both benches (offline and Kafka) divide by this.
/// </summary>
internal static class ScorerCeiling
{
    /// <summary>Wall seconds for <paramref name="windows"/> windows in batches of <paramref name="batchSize"/>, and the process CPU time used meanwhile.</summary>
    /// <param name="scorer">The model under test.</param>
    /// <param name="batchSize">Windows per call (the topology's maximum batch).</param>
    /// <param name="windows">Windows to score.</param>
    /// <param name="warmUp">Score one batch before the clock starts.</param>
    public static (double Seconds, TimeSpan Cpu) Measure(IWindowScorer scorer, int batchSize, long windows, bool warmUp)
    {
        var windowValues = scorer.Channels * scorer.WindowLength;
        var input = new float[batchSize * windowValues];
        var random = new Random(7);
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var probabilities = new float[batchSize];
        if (warmUp)
        {
            scorer.Score(input, batchSize, probabilities);
        }

        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var remaining = windows; remaining > 0; remaining -= batchSize)
        {
            var count = (int)Math.Min(batchSize, remaining);
            scorer.Score(input.AsSpan(0, count * windowValues), count, probabilities.AsSpan(0, count));
        }

        return (clock.Elapsed.TotalSeconds, Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart);
    }
}
