using System.Diagnostics;
using StreamClassifier.Core.Models;
using StreamClassifier.Core.Scoring;

namespace StreamClassifier.Worker.Telemetry;

/// <summary>
/// Wraps a scorer to record inference time and batch size per call, and a <c>score</c> activity when
/// something listens to the activity source. Allocates nothing per call (the model tag is built once;
/// the activity only exists when sampled). Does not own the inner scorer.
/// </summary>
internal sealed class InstrumentedScorer : IWindowScorer
{
    private readonly IWindowScorer inner;
    private readonly WorkerMetrics metrics;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public InstrumentedScorer(IWindowScorer inner, WorkerMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(metrics);
        this.inner = inner;
        this.metrics = metrics;
    }

    /// <inheritdoc />
    public string ModelName => inner.ModelName;

    /// <inheritdoc />
    public string ModelVersion => inner.ModelVersion;

    /// <inheritdoc />
    public int Channels => inner.Channels;

    /// <inheritdoc />
    public int WindowLength => inner.WindowLength;

    /// <inheritdoc />
    public ModelCard? Card => inner.Card;

    /// <inheritdoc />
    public void Score(ReadOnlySpan<float> windows, int batchSize, Span<float> probabilities)
    {
        using var activity = metrics.ActivitySource.StartActivity("score", ActivityKind.Internal);
        activity?.SetTag(TelemetryNames.ModelName, inner.ModelName);
        activity?.SetTag("streamclassifier.batch.size", batchSize);
        var started = Stopwatch.GetTimestamp();
        inner.Score(windows, batchSize, probabilities);
        metrics.RecordBatch(inner.ModelName, batchSize, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Does nothing: the inner scorer belongs to whoever loaded it.</summary>
    public void Dispose()
    {
    }
}
