using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Filters;
using StreamClassifier.Dsp.Normalization;
using StreamClassifier.Pipeline.Tests.Support;

namespace StreamClassifier.Pipeline.Tests;

/// <summary>The per-sensor stage is exactly the Dsp stages applied to the sensor's whole signal: filter, window, normalise.</summary>
public class DspCompositionTests
{
    [Theory]
    [InlineData(1, 64, 16, 7)]
    [InlineData(2, 50, 50, 33)]
    [InlineData(1, 20, 30, 11)]   // hop longer than the window: rows in between are skipped
    public void Windows_equal_the_dsp_stages_applied_to_the_whole_signal(int channels, int size, int hop, int chunkSize)
    {
        const double rateHz = 250;
        var filters = new[] { FilterSpec.Bandpass(0.5, 40, 4), FilterSpec.Notch(50, 30) };
        var stream = Topologies.Stream(rateHz: rateHz, size: size, hop: hop, channels: [.. Enumerable.Range(0, channels)], filters: filters, normalize: NormalizationSpec.ZScore);
        var signal = Signals.Noisy(1000, channels, seed: 3);
        using var harness = new Harness(Topologies.Of(null, stream), new FakeScorer(channels, size, FakeScorer.AllValues));

        harness.PushAll(Signals.Chunked("a", signal, channels, rateHz, chunkSize));
        harness.Complete();

        var filtered = (double[])signal.Clone();
        FilterChain.Create(filters, rateHz).CreateState(channels).Process(filtered);
        var normalizer = WindowNormalizer.Create(NormalizationSpec.ZScore, channels);
        var windows = harness.Scores.Select(s => s.Window).ToList();
        Assert.Equal(((1000 - size) / hop) + 1, windows.Count);
        for (var k = 0; k < windows.Count; k++)
        {
            var start = k * hop;
            var channelMajor = new double[channels * size];
            for (var i = 0; i < size; i++)
            {
                for (var c = 0; c < channels; c++)
                {
                    channelMajor[(c * size) + i] = filtered[((start + i) * channels) + c];
                }
            }

            var expected = new float[channels * size];
            normalizer.Normalize(channelMajor, channels, size, expected);
            Assert.Equal(start, windows[k].StartIndex);
            Assert.Equal(start * 1000.0 / rateHz, windows[k].StartMs, 9);
            Assert.Equal((start + size) * 1000.0 / rateHz, windows[k].EndMs, 9);
            Assert.Equal(expected, windows[k].Values);
        }

        Assertions.Reconciles(harness.Pipeline);
        Assert.Equal(1000, harness.Pipeline.Counters.SamplesWindowed + harness.Pipeline.Counters.SamplesBuffered);
    }
}
