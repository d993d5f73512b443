using StreamClassifier.Core.Models;
using StreamClassifier.Core.Scoring;

namespace StreamClassifier.Pipeline.Tests.Support;

/// <summary>A scorer that holds each call until the test opens it: shows what happens while a batch is being scored.</summary>
public sealed class GatedScorer(IWindowScorer inner) : IWindowScorer
{
    private readonly ManualResetEventSlim open = new(initialState: false);
    private readonly SemaphoreSlim entered = new(0);

    public string ModelName => inner.ModelName;

    public string ModelVersion => inner.ModelVersion;

    public int Channels => inner.Channels;

    public int WindowLength => inner.WindowLength;

    public ModelCard? Card => inner.Card;

    /// <summary>Waits (bounded) until a call is being held.</summary>
    public bool WaitEntered(TimeSpan bound) => entered.Wait(bound);

    /// <summary>Lets every call through from now on.</summary>
    public void Open() => open.Set();

    public void Score(ReadOnlySpan<float> windows, int batchSize, Span<float> probabilities)
    {
        entered.Release();
        open.Wait(TimeSpan.FromSeconds(30));
        inner.Score(windows, batchSize, probabilities);
    }

    public void Dispose()
    {
        open.Dispose();
        entered.Dispose();
    }
}
