using StreamClassifier.Core.Models;
using StreamClassifier.Core.Scoring;

namespace StreamClassifier.Kafka.Tests.Support;

/// <summary>A scorer around a real one that holds every call until the test opens it, or fails them: shows the worker while a batch is being scored.</summary>
internal sealed class HeldScorer(IWindowScorer inner) : IWindowScorer
{
    /// <summary>How long a call is held at most (well past any test's own bound).</summary>
    private static readonly TimeSpan HoldBound = TimeSpan.FromMinutes(5);
    private readonly ManualResetEventSlim open = new(initialState: false);
    private int calls;

    public string ModelName => inner.ModelName;

    public string ModelVersion => inner.ModelVersion;

    public int Channels => inner.Channels;

    public int WindowLength => inner.WindowLength;

    public ModelCard? Card => inner.Card;

    /// <summary>Calls started so far.</summary>
    public int Calls => Volatile.Read(ref calls);

    /// <summary>Every call fails with this, when set.</summary>
    public Exception? FailWith { get; init; }

    /// <summary>Lets every call through from now on.</summary>
    public void Open() => open.Set();

    public void Score(ReadOnlySpan<float> windows, int batchSize, Span<float> probabilities)
    {
        Interlocked.Increment(ref calls);
        if (FailWith is not null)
        {
            throw FailWith;
        }

        open.Wait(HoldBound);
        inner.Score(windows, batchSize, probabilities);
    }

    public void Dispose()
    {
        open.Set();
        open.Dispose();
        inner.Dispose();
    }
}
