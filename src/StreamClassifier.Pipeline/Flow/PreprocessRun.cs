using StreamClassifier.Core.Records;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Pipeline.Sensors;

namespace StreamClassifier.Pipeline.Flow;

/// <summary>The preprocess flow: each chunk's accepted samples come out filtered, in input order; no windows, no scores.</summary>
internal sealed class PreprocessRun(ClassificationPipeline pipeline, IObserver<FilteredChunk> observer, IObserver<SampleDrop>? drops)
    : PipelineRun(pipeline)
{
    public override void Dropped(SampleDrop drop) => drops?.OnNext(drop);

    public override void WindowCompleted(SensorState sensor, SensorWindow window) =>
        throw new InvalidOperationException("The preprocess flow does not window.");

    public override void Filtered(FilteredChunk chunk) => observer.OnNext(chunk);

    protected override void Read(SampleChunk chunk) => ReadChunk(chunk, windowing: false);

    protected override void SignalError(Exception error) => observer.OnError(error);

    protected override void SignalCompleted()
    {
        drops?.OnCompleted();
        observer.OnCompleted();
    }
}
