using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Preprocessing;
using StreamClassifier.Pipeline.Tests.Support;

namespace StreamClassifier.Pipeline.Tests;

/// <summary>The trainer cuts its windows with <see cref="RecordingPreprocessor"/>: every window the pipeline emits must be the one it cuts at the same start.</summary>
public class RecordingPreprocessorParityTests
{
    [Theory]
    [InlineData(1, 72, 8, 13)]
    [InlineData(2, 40, 40, 97)]
    public void The_trainers_windows_equal_the_pipelines_windows(int channels, int size, int hop, int chunkSize)
    {
        const double rateHz = 360;
        var filters = new[] { FilterSpec.Bandpass(0.5, 40, 4), FilterSpec.Notch(60, 30) };
        var stream = Topologies.Stream(rateHz: rateHz, size: size, hop: hop, channels: [.. Enumerable.Range(0, channels)], filters: filters, normalize: NormalizationSpec.ZScore);
        var signal = Signals.Noisy(900, channels, seed: 5);
        using var harness = new Harness(Topologies.Of(null, stream), new FakeScorer(channels, size, FakeScorer.AllValues));
        harness.PushAll(Signals.Chunked("a", signal, channels, rateHz, chunkSize));
        harness.Complete();

        var preprocessor = new RecordingPreprocessor(filters, rateHz, new WindowSpec(size, hop), NormalizationSpec.ZScore, channels);
        var filtered = preprocessor.Filter(signal);
        var starts = preprocessor.StreamWindowStarts(900);
        var windows = harness.Scores.Select(s => s.Window).ToList();
        Assert.Equal(starts.Length, windows.Count);
        var scratch = new double[preprocessor.WindowValues];
        for (var k = 0; k < windows.Count; k++)
        {
            var expected = new float[preprocessor.WindowValues];
            preprocessor.CutWindow(filtered, starts[k], scratch, expected);
            Assert.Equal(starts[k], windows[k].StartIndex);
            Assert.Equal(expected, windows[k].Values);
        }
    }
}
