using System.Runtime.CompilerServices;

using BenchmarkDotNet.Attributes;

using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Filters;
using StreamClassifier.Dsp.Normalization;
using StreamClassifier.Dsp.Windowing;

namespace StreamClassifier.Benchmarks.Dsp;

/// <summary>
/// Windowing (size 500, hop 125: the seed Example 2 stream) and per-window z-score over chunks of
/// 250 rows of one channel, per sample (each sample lands in 4 windows, so the figure includes 4
/// normalisations' share). <see cref="FilterWindowNormalize"/> adds the 4-section filter chain.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class WindowingBenchmarks
{
    private const int Rows = 250;
    private const int Size = 500;

    private readonly double[] source = FilterChainBenchmarks.Signal(Rows);
    private readonly double[] buffer = new double[Rows];
    private readonly double[] windowValues = new double[Size];
    private readonly float[] modelInput = new float[Size];
    private readonly IWindowNormalizer normalizer = WindowNormalizer.Create(NormalizationSpec.ZScore, 1);
    private readonly FilterChainState filter = FilterChain.Create([FilterSpec.Bandpass(0.5, 40, 4)], 360).CreateState(1);
    private SlidingWindow window = null!;

    [GlobalSetup]
    public void Setup() => window = new SlidingWindow(new WindowSpec(Size, 125), 1);

    [Benchmark(OperationsPerInvoke = Rows)]
    public float WindowAndNormalize() => Cut(source);

    [Benchmark(OperationsPerInvoke = Rows)]
    public float FilterWindowNormalize()
    {
        source.CopyTo(buffer, 0);
        filter.Process(buffer);
        return Cut(buffer);
    }

    // Compiled optimised at once like the library's hot paths; a short job would otherwise time
    // this driver loop at tier-0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private float Cut(ReadOnlySpan<double> rows)
    {
        var last = 0f;
        while (!rows.IsEmpty)
        {
            rows = rows[window.Append(rows)..];
            if (window.WindowReady)
            {
                window.CopyWindowTo(windowValues);
                normalizer.Normalize(windowValues, 1, Size, modelInput);
                last = modelInput[^1];
            }
        }

        return last;
    }
}
