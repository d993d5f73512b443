using StreamClassifier.Core.Models;
using StreamClassifier.Core.Scoring;

namespace StreamClassifier.Trainer.Data.Recordings;

/// <summary>
/// Takes the model's place while the worker's pipeline cuts training windows: the pipeline's
/// <c>WindowScored</c> events carry every normalised window, so nothing needs scoring and every
/// window gets probability 0. Only its shape matters (the pipeline checks it against the stream).
/// </summary>
internal sealed class WindowTap(int channels, int windowLength) : IWindowScorer
{
    public string ModelName => "window-tap";

    public string ModelVersion => "0";

    public int Channels { get; } = channels;

    public int WindowLength { get; } = windowLength;

    public ModelCard? Card => null;

    public void Score(ReadOnlySpan<float> windows, int batchSize, Span<float> probabilities) => probabilities[..batchSize].Clear();

    public void Dispose()
    {
    }
}
