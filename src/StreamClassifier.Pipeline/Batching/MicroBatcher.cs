using System.Globalization;

using StreamClassifier.Core.Records;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Pipeline.Completion;
using StreamClassifier.Pipeline.Sensors;

namespace StreamClassifier.Pipeline.Batching;

/// <summary>A window waiting to be scored, with the sensor whose alert policy it feeds and the chunk it completes.</summary>
internal readonly record struct PendingWindow(SensorWindow Window, SensorState Sensor, ChunkTicket? Ticket);

/// <summary>
/// Collects windows of every sensor scored by one model and scores them in batches of at most
/// <see cref="MaxBatch"/>, through one reused input buffer and one reused output buffer. The owner
/// decides when to flush (size or deadline); this class only queues and scores.
/// </summary>
internal sealed class MicroBatcher
{
    private readonly float[] input;
    private readonly float[] probabilities;
    private readonly int windowValues;
    private PendingWindow[] pending;
    private double[] scores;

    public MicroBatcher(IWindowScorer scorer, int maxBatch)
    {
        Scorer = scorer;
        MaxBatch = maxBatch;
        windowValues = scorer.Channels * scorer.WindowLength;
        input = new float[maxBatch * windowValues];
        probabilities = new float[maxBatch];
        pending = new PendingWindow[maxBatch];
        scores = new double[maxBatch];
    }

    /// <summary>The model scoring this batcher's windows; replaced only between flushes (<see cref="ClassificationPipeline.ReplaceScorer"/>).</summary>
    public IWindowScorer Scorer { get; set; }

    public int MaxBatch { get; }

    public int Count { get; private set; }

    /// <summary>Windows before this index were already handed out by the flush in progress.</summary>
    public int Emitted { get; set; }

    public bool IsFull => Count >= MaxBatch;

    /// <summary>The deadline timer of the current batch, if one is scheduled.</summary>
    public IDisposable? Deadline { get; set; }

    public ReadOnlySpan<PendingWindow> Pending => pending.AsSpan(0, Count);

    public ReadOnlySpan<double> Scores => scores.AsSpan(0, Count);

    public void Add(in PendingWindow window)
    {
        if (window.Window.Values.Length != windowValues)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Window of sensor '{window.Window.SensorId}' has {window.Window.Values.Length} values; model '{Scorer.ModelName}' takes {windowValues}."));
        }

        if (Count == pending.Length)
        {
            // A chunk's windows all join before any flush (so a checkpoint never sees half a chunk);
            // a long chunk can thus overfill the queue for a moment. Scoring still goes MaxBatch at a time.
            Array.Resize(ref pending, pending.Length * 2);
            Array.Resize(ref scores, pending.Length);
        }

        pending[Count++] = window;
    }

    /// <summary>How many windows fill whole batches.</summary>
    public int FullBatchWindows => Count / MaxBatch * MaxBatch;

    /// <summary>Scores the first <paramref name="count"/> queued windows into <see cref="Scores"/>, <see cref="MaxBatch"/> at a time.</summary>
    /// <exception cref="PipelineScoringException">The scorer failed or returned a value outside [0, 1].</exception>
    public void Score(int count)
    {
        for (var first = 0; first < count; first += MaxBatch)
        {
            var batchSize = Math.Min(MaxBatch, count - first);
            for (var i = 0; i < batchSize; i++)
            {
                pending[first + i].Window.Values.CopyTo(input.AsSpan(i * windowValues, windowValues));
            }

            try
            {
                Scorer.Score(input.AsSpan(0, batchSize * windowValues), batchSize, probabilities.AsSpan(0, batchSize));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new PipelineScoringException(
                    string.Create(CultureInfo.InvariantCulture, $"Scoring a batch of {batchSize} window(s) with model '{Scorer.ModelName}' v{Scorer.ModelVersion} failed (first window: sensor '{pending[first].Window.SensorId}', stream '{pending[first].Window.StreamName}', samples {pending[first].Window.StartIndex}..{pending[first].Window.EndIndex}): {ex.Message}"),
                    ex);
            }

            for (var i = 0; i < batchSize; i++)
            {
                var probability = probabilities[i];
                if (!(probability >= 0f && probability <= 1f))
                {
                    var window = pending[first + i].Window;
                    throw new PipelineScoringException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"Model '{Scorer.ModelName}' v{Scorer.ModelVersion} returned {probability} for the window of sensor '{window.SensorId}' at samples {window.StartIndex}..{window.EndIndex}; a score must be a probability in [0, 1]. Check the model's output kind (probability, softmax2 or logit)."));
                }

                scores[first + i] = probability;
            }
        }
    }

    /// <summary>Removes the first <paramref name="count"/> windows (scored and handed out); the rest move to the front.</summary>
    public void RemoveFirst(int count)
    {
        Array.Copy(pending, count, pending, 0, Count - count);
        Array.Clear(pending, Count - count, count);
        Count -= count;
        Emitted = 0;
    }
}
