namespace StreamClassifier.Pipeline.Tests.Support;

public static class Assertions
{
    public static void Reconciles(ClassificationPipeline pipeline)
    {
        var counters = pipeline.Counters.Snapshot();
        Assert.True(
            counters.Reconciles,
            $"in {counters.SamplesIn} + restored {counters.SamplesRestored} != windowed {counters.SamplesWindowed} + buffered {counters.SamplesBuffered} + preprocessed {counters.SamplesPreprocessed} + dropped {counters.SamplesDropped}");
    }
}
