using StreamClassifier.Core.Models;
using StreamClassifier.Core.Scoring;

namespace StreamClassifier.Pipeline.Tests.Support;

/// <summary>A deterministic scorer: the score is a function of the window's values; records every batch size.</summary>
public sealed class FakeScorer(int channels, int windowLength, Func<ReadOnlySpan<float>, double>? scoreOf = null, ModelCard? card = null) : IWindowScorer
{
    private readonly Func<ReadOnlySpan<float>, double> scoreOf = scoreOf ?? FirstValue;

    public string ModelName { get; init; } = "fake-model";

    public string ModelVersion { get; init; } = "7";

    public int Channels => channels;

    public int WindowLength => windowLength;

    public ModelCard? Card => card;

    public List<int> BatchSizes { get; } = [];

    public Exception? FailWith { get; set; }

    /// <summary>The score is the window's first value, clamped to [0, 1] (tests write the score into the samples).</summary>
    public static double FirstValue(ReadOnlySpan<float> window) => Math.Clamp(window[0], 0f, 1f);

    /// <summary>A smooth score depending on every value, so any difference in a window changes it.</summary>
    public static double AllValues(ReadOnlySpan<float> window)
    {
        double sum = 0;
        for (var i = 0; i < window.Length; i++)
        {
            sum += window[i] * Math.Sin(i + 1);
        }

        return 1.0 / (1.0 + Math.Exp(-sum / Math.Sqrt(window.Length)));
    }

    public void Score(ReadOnlySpan<float> windows, int batchSize, Span<float> probabilities)
    {
        if (FailWith is not null)
        {
            throw FailWith;
        }

        BatchSizes.Add(batchSize);
        var size = channels * windowLength;
        Assert.Equal(batchSize * size, windows.Length);
        for (var i = 0; i < batchSize; i++)
        {
            probabilities[i] = (float)scoreOf(windows.Slice(i * size, size));
        }
    }

    public void Dispose()
    {
    }
}
