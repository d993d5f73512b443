using System.Globalization;

using StreamClassifier.Core.Scoring;

namespace StreamClassifier.Pipeline.Batching;

/// <summary>
/// Up to <c>max_batch</c> windows taken from a <see cref="MicroBatcher"/> to be scored together: their
/// values copied into one reused input buffer (so the batcher's queue can move on while they are
/// scored), the model that scores them, and their scores. Until every window is handed out the batch
/// stays the batcher's <see cref="MicroBatcher.InFlight"/>, so a checkpoint still counts its windows as
/// unscored. Reused batch after batch: nothing is allocated per window.
/// </summary>
internal sealed class ScoringBatch
{
    private readonly float[] input;
    private readonly float[] probabilities;
    private readonly PendingWindow[] windows;
    private readonly double[] scores;
    private readonly int windowValues;

    public ScoringBatch(MicroBatcher owner, int maxBatch, int windowValues)
    {
        Owner = owner;
        this.windowValues = windowValues;
        input = new float[maxBatch * windowValues];
        probabilities = new float[maxBatch];
        windows = new PendingWindow[maxBatch];
        scores = new double[maxBatch];
        Scorer = owner.Scorer;
    }

    /// <summary>The batcher the windows came from.</summary>
    public MicroBatcher Owner { get; }

    /// <summary>The model scoring this batch (the batcher's when the batch was taken).</summary>
    public IWindowScorer Scorer { get; private set; }

    public int Count { get; private set; }

    /// <summary>Windows before this index were already handed out.</summary>
    public int Emitted { get; set; }

    public ReadOnlySpan<PendingWindow> Windows => windows.AsSpan(0, Count);

    /// <summary>True once <see cref="Score"/> finished (or failed, see <see cref="Failure"/>).</summary>
    public bool Scored { get; private set; }

    /// <summary>Why scoring failed, if it did.</summary>
    public Exception? Failure { get; private set; }

    public ReadOnlySpan<double> Scores => scores.AsSpan(0, Count);

    /// <summary>Fills the batch with <paramref name="taken"/> (copying their values), scored by <paramref name="scorer"/>.</summary>
    public void Fill(ReadOnlySpan<PendingWindow> taken, IWindowScorer scorer)
    {
        Scorer = scorer;
        Count = taken.Length;
        Emitted = 0;
        Scored = false;
        Failure = null;
        for (var i = 0; i < taken.Length; i++)
        {
            windows[i] = taken[i];
            taken[i].Window.Values.CopyTo(input.AsSpan(i * windowValues, windowValues));
        }
    }

    /// <summary>Forgets the windows (the batch goes back to its batcher's spares).</summary>
    public void Clear()
    {
        Array.Clear(windows, 0, Count);
        Count = 0;
        Emitted = 0;
        Scored = false;
        Failure = null;
    }

    /// <summary>Records the end of scoring (by the thread that scored it).</summary>
    public void MarkScored(Exception? failure)
    {
        Failure = failure;
        Scored = true;
    }

    /// <summary>Scores the batch into <see cref="Scores"/>. Touches only the batch's own buffers, so it may run on any thread.</summary>
    /// <exception cref="PipelineScoringException">The scorer failed or returned a value outside [0, 1].</exception>
    public void Score()
    {
        try
        {
            Scorer.Score(input.AsSpan(0, Count * windowValues), Count, probabilities.AsSpan(0, Count));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var first = windows[0].Window;
            throw new PipelineScoringException(
                string.Create(CultureInfo.InvariantCulture, $"Scoring a batch of {Count} window(s) with model '{Scorer.ModelName}' v{Scorer.ModelVersion} failed (first window: sensor '{first.SensorId}', stream '{first.StreamName}', samples {first.StartIndex}..{first.EndIndex}): {ex.Message}"),
                ex);
        }

        for (var i = 0; i < Count; i++)
        {
            var probability = probabilities[i];
            if (!(probability >= 0f && probability <= 1f))
            {
                var window = windows[i].Window;
                throw new PipelineScoringException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Model '{Scorer.ModelName}' v{Scorer.ModelVersion} returned {probability} for the window of sensor '{window.SensorId}' at samples {window.StartIndex}..{window.EndIndex}; a score must be a probability in [0, 1]. Check the model's output kind (probability, softmax2 or logit)."));
            }

            scores[i] = probability;
        }
    }
}
