using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Filters;
using StreamClassifier.Dsp.Normalization;
using StreamClassifier.Dsp.Windowing;

namespace StreamClassifier.Dsp.Tests;

/// <summary>The per-sample paths allocate nothing (the benchmarks' MemoryDiagnoser shows the same).</summary>
public sealed class HotPathAllocationTests
{
    [Fact]
    public void Filter_window_and_normalise_allocate_nothing_per_chunk()
    {
        var filter = FilterChain.Create([FilterSpec.Bandpass(0.5, 40, 4), FilterSpec.Notch(60, 30)], 360).CreateState(2);
        var window = new SlidingWindow(new WindowSpec(100, 25), 2);
        var normalizers = new[]
        {
            WindowNormalizer.Create(NormalizationSpec.ZScore, 2),
            WindowNormalizer.Create(new NormalizationSpec(NormalizationKind.Fixed, [0.0, 1.0], [1.0, 2.0]), 2),
            WindowNormalizer.Create(NormalizationSpec.None, 2),
        };
        var rows = Filters.FilterChainStateTests.Signal(rows: 250, channels: 2, seed: 3);
        var windowValues = new double[200];
        var modelInput = new float[200];
        var checkpoint = new double[filter.StateLength + window.StateLength];

        void RunChunk()
        {
            filter.Process(rows);
            ReadOnlySpan<double> remaining = rows;
            while (!remaining.IsEmpty)
            {
                remaining = remaining[(window.Append(remaining) * 2)..];
                if (window.WindowReady)
                {
                    window.CopyWindowTo(windowValues);
                    foreach (var normalizer in normalizers)
                    {
                        normalizer.Normalize(windowValues, 2, 100, modelInput);
                    }
                }
            }

            filter.CopyStateTo(checkpoint);
            window.CopyStateTo(checkpoint.AsSpan(filter.StateLength));
        }

        RunChunk(); // JIT and first-use costs
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++)
        {
            RunChunk();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
