using StreamClassifier.Core.Models;

namespace StreamClassifier.Core.Scoring;

/// <summary>
/// Scores batches of windows with one model. Implementations are thread-safe for concurrent callers
/// and allocate nothing per call on the steady path.
/// </summary>
public interface IWindowScorer : IDisposable
{
    /// <summary>Model name (from the card, or the file name).</summary>
    string ModelName { get; }

    /// <summary>Model version (from the card, or "0").</summary>
    string ModelVersion { get; }

    /// <summary>Channels per window the model takes.</summary>
    int Channels { get; }

    /// <summary>Samples per channel the model takes.</summary>
    int WindowLength { get; }

    /// <summary>The card, when the model has one.</summary>
    ModelCard? Card { get; }

    /// <summary>
    /// Scores <paramref name="batchSize"/> windows. <paramref name="windows"/> holds them back to back,
    /// each channel-major (<c>[channel][sample]</c>, NCL); the scorer converts to the model's layout.
    /// Writes P(class 1) per window into <paramref name="probabilities"/>.
    /// </summary>
    void Score(ReadOnlySpan<float> windows, int batchSize, Span<float> probabilities);
}
