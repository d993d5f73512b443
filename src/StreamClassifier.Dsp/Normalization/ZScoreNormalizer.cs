using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StreamClassifier.Dsp.Normalization;

/// <summary>
/// Per window and channel: <c>(x − mean) / max(std, 1e-8)</c> with the population standard
/// deviation (numpy's default <c>ddof=0</c>), computed in two passes for accuracy.
/// </summary>
public sealed class ZScoreNormalizer : IWindowNormalizer
{
    /// <summary>The floor on the standard deviation, so a flat channel maps to zeros instead of NaN.</summary>
    public const double MinimumStd = 1e-8;

    /// <summary>The shared instance (the normaliser holds no state).</summary>
    public static ZScoreNormalizer Instance { get; } = new();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Normalize(ReadOnlySpan<double> channelMajor, int channels, int length, Span<float> output)
    {
        WindowShape.Check(channelMajor, channels, length, output, expectedChannels: 0);
        for (var channel = 0; channel < channels; channel++)
        {
            var values = channelMajor.Slice(channel * length, length);
            var normalised = output.Slice(channel * length, length);
            var mean = Sum(values) / length;
            var squares = SumOfSquaredDeviations(values, mean);
            var scale = 1.0 / Math.Max(Math.Sqrt(squares / length), MinimumStd);
            for (var i = 0; i < values.Length; i++)
            {
                normalised[i] = (float)((values[i] - mean) * scale);
            }
        }
    }

    /// <summary>Σx with SIMD lanes and two accumulators, so the sum is not one serial chain of additions.</summary>
    private static double Sum(ReadOnlySpan<double> values)
    {
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
        Vector<double> first = Vector<double>.Zero, second = Vector<double>.Zero;
        var i = 0;
        for (; i + 1 < vectors.Length; i += 2)
        {
            first += vectors[i];
            second += vectors[i + 1];
        }

        if (i < vectors.Length)
        {
            first += vectors[i];
        }

        var sum = Vector.Sum(first + second);
        for (var tail = vectors.Length * Vector<double>.Count; tail < values.Length; tail++)
        {
            sum += values[tail];
        }

        return sum;
    }

    /// <summary>Σ(x − mean)², the second pass of the two-pass variance.</summary>
    private static double SumOfSquaredDeviations(ReadOnlySpan<double> values, double mean)
    {
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
        var means = new Vector<double>(mean);
        Vector<double> first = Vector<double>.Zero, second = Vector<double>.Zero;
        var i = 0;
        for (; i + 1 < vectors.Length; i += 2)
        {
            var deviation1 = vectors[i] - means;
            var deviation2 = vectors[i + 1] - means;
            first += deviation1 * deviation1;
            second += deviation2 * deviation2;
        }

        if (i < vectors.Length)
        {
            var deviation = vectors[i] - means;
            first += deviation * deviation;
        }

        var squares = Vector.Sum(first + second);
        for (var tail = vectors.Length * Vector<double>.Count; tail < values.Length; tail++)
        {
            var deviation = values[tail] - mean;
            squares += deviation * deviation;
        }

        return squares;
    }
}
