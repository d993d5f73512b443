using BenchmarkDotNet.Attributes;

using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Filters;

namespace StreamClassifier.Benchmarks.Dsp;

/// <summary>
/// A 4-section chain (Butterworth bandpass 0.5–40 Hz order 4 at 360 Hz) over chunks of 250 rows.
/// Results are per sample per channel (OperationsPerInvoke = rows × channels). Each invocation
/// first copies fresh input into the buffer (≈0.1 ns/sample) so that repeated in-place filtering
/// cannot decay the signal into denormals.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class FilterChainBenchmarks
{
    private const int Rows = 250;

    private readonly FilterChain chain = FilterChain.Create([FilterSpec.Bandpass(0.5, 40, 4)], 360);
    private double[] source1 = [];
    private double[] source2 = [];
    private double[] buffer1 = [];
    private double[] buffer2 = [];
    private FilterChainState state1 = null!;
    private FilterChainState state2 = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (chain.Sections.SectionCount != 4)
        {
            throw new InvalidOperationException("The benchmark chain must have 4 sections.");
        }

        source1 = Signal(Rows);
        source2 = Signal(Rows * 2);
        buffer1 = new double[source1.Length];
        buffer2 = new double[source2.Length];
        state1 = chain.CreateState(1);
        state2 = chain.CreateState(2);
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public double OneChannel()
    {
        source1.CopyTo(buffer1, 0);
        state1.Process(buffer1);
        return buffer1[^1];
    }

    [Benchmark(OperationsPerInvoke = Rows * 2)]
    public double TwoChannels()
    {
        source2.CopyTo(buffer2, 0);
        state2.Process(buffer2);
        return buffer2[^1];
    }

    internal static double[] Signal(int length)
    {
        var random = new Random(42);
        var samples = new double[length];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = Math.Sin(i * 0.07) + (0.3 * (random.NextDouble() - 0.5));
        }

        return samples;
    }
}
