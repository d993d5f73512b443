using System.Runtime.CompilerServices;

namespace StreamClassifier.Dsp.Filters;

/// <summary>
/// The transposed direct form II inner loops, fusing 4, 2 or 1 sections per pass. Each walks one
/// channel of interleaved rows with a stride, keeping coefficients and delays in locals. The sum
/// <c>b1·x − a1·y + z1</c> is evaluated as <c>(b1·x + z1) − a1·y</c> so that only one multiply and
/// one subtraction sit on the sample-to-sample dependency chain; it differs from scipy only by
/// rounding (≈1e-16). Delays smaller than <see cref="FlushBelow"/> are stored as 0.
/// </summary>
internal static class BiquadKernels
{
    /// <summary>
    /// Delay values below this magnitude are flushed to zero when a kernel stores them. With a
    /// flat (all-zero) input an IIR state decays into subnormal numbers and stays there in a
    /// rounding limit cycle (observed: 6 of 8 delays of a 4-section bandpass stuck near 1e-322).
    /// On this AMD machine that costs little (3.96 vs 3.52 ns/sample), but on cores that take a
    /// microcode assist per subnormal operation (many Intel parts, ~100+ cycles) a flat-lined
    /// sensor would cost tens of times a live one. 1e-200 is far below any physical signal and far
    /// above the subnormal range (≈2.2e-308), so outputs are unaffected.
    /// </summary>
    public const double FlushBelow = 1e-200;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Flush(double delay) => Math.Abs(delay) < FlushBelow ? 0.0 : delay;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunQuad(ref double rows, ref double delays, ref double samples, int count, int stride)
    {
        double a0 = rows, a1 = Unsafe.Add(ref rows, 1), a2 = Unsafe.Add(ref rows, 2);
        double a4 = Unsafe.Add(ref rows, 4), a5 = Unsafe.Add(ref rows, 5);
        double b0 = Unsafe.Add(ref rows, 6), b1 = Unsafe.Add(ref rows, 7), b2 = Unsafe.Add(ref rows, 8);
        double b4 = Unsafe.Add(ref rows, 10), b5 = Unsafe.Add(ref rows, 11);
        double c0 = Unsafe.Add(ref rows, 12), c1 = Unsafe.Add(ref rows, 13), c2 = Unsafe.Add(ref rows, 14);
        double c4 = Unsafe.Add(ref rows, 16), c5 = Unsafe.Add(ref rows, 17);
        double d0 = Unsafe.Add(ref rows, 18), d1 = Unsafe.Add(ref rows, 19), d2 = Unsafe.Add(ref rows, 20);
        double d4 = Unsafe.Add(ref rows, 22), d5 = Unsafe.Add(ref rows, 23);
        double s0 = delays, s1 = Unsafe.Add(ref delays, 1);
        double t0 = Unsafe.Add(ref delays, 2), t1 = Unsafe.Add(ref delays, 3);
        double u0 = Unsafe.Add(ref delays, 4), u1 = Unsafe.Add(ref delays, 5);
        double v0 = Unsafe.Add(ref delays, 6), v1 = Unsafe.Add(ref delays, 7);
        for (var i = 0; i < count; i++)
        {
            ref var sample = ref Unsafe.Add(ref samples, i * stride);
            var x = sample;
            var y1 = (a0 * x) + s0;
            s0 = ((a1 * x) + s1) - (a4 * y1);
            s1 = (a2 * x) - (a5 * y1);
            var y2 = (b0 * y1) + t0;
            t0 = ((b1 * y1) + t1) - (b4 * y2);
            t1 = (b2 * y1) - (b5 * y2);
            var y3 = (c0 * y2) + u0;
            u0 = ((c1 * y2) + u1) - (c4 * y3);
            u1 = (c2 * y2) - (c5 * y3);
            var y4 = (d0 * y3) + v0;
            v0 = ((d1 * y3) + v1) - (d4 * y4);
            v1 = (d2 * y3) - (d5 * y4);
            sample = y4;
        }

        delays = Flush(s0);
        Unsafe.Add(ref delays, 1) = Flush(s1);
        Unsafe.Add(ref delays, 2) = Flush(t0);
        Unsafe.Add(ref delays, 3) = Flush(t1);
        Unsafe.Add(ref delays, 4) = Flush(u0);
        Unsafe.Add(ref delays, 5) = Flush(u1);
        Unsafe.Add(ref delays, 6) = Flush(v0);
        Unsafe.Add(ref delays, 7) = Flush(v1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunSingle(ref double row, ref double delay, ref double samples, int count, int stride)
    {
        double b0 = row, b1 = Unsafe.Add(ref row, 1), b2 = Unsafe.Add(ref row, 2);
        double a1 = Unsafe.Add(ref row, 4), a2 = Unsafe.Add(ref row, 5);
        double z0 = delay, z1 = Unsafe.Add(ref delay, 1);
        for (var i = 0; i < count; i++)
        {
            ref var sample = ref Unsafe.Add(ref samples, i * stride);
            var x = sample;
            var y = (b0 * x) + z0;
            z0 = ((b1 * x) + z1) - (a1 * y);
            z1 = (b2 * x) - (a2 * y);
            sample = y;
        }

        delay = Flush(z0);
        Unsafe.Add(ref delay, 1) = Flush(z1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunPair(ref double rows, ref double delays, ref double samples, int count, int stride)
    {
        double p0 = rows, p1 = Unsafe.Add(ref rows, 1), p2 = Unsafe.Add(ref rows, 2);
        double p4 = Unsafe.Add(ref rows, 4), p5 = Unsafe.Add(ref rows, 5);
        double q0 = Unsafe.Add(ref rows, 6), q1 = Unsafe.Add(ref rows, 7), q2 = Unsafe.Add(ref rows, 8);
        double q4 = Unsafe.Add(ref rows, 10), q5 = Unsafe.Add(ref rows, 11);
        double u0 = delays, u1 = Unsafe.Add(ref delays, 1);
        double v0 = Unsafe.Add(ref delays, 2), v1 = Unsafe.Add(ref delays, 3);
        for (var i = 0; i < count; i++)
        {
            ref var sample = ref Unsafe.Add(ref samples, i * stride);
            var x = sample;
            var y = (p0 * x) + u0;
            u0 = ((p1 * x) + u1) - (p4 * y);
            u1 = (p2 * x) - (p5 * y);
            var output = (q0 * y) + v0;
            v0 = ((q1 * y) + v1) - (q4 * output);
            v1 = (q2 * y) - (q5 * output);
            sample = output;
        }

        delays = Flush(u0);
        Unsafe.Add(ref delays, 1) = Flush(u1);
        Unsafe.Add(ref delays, 2) = Flush(v0);
        Unsafe.Add(ref delays, 3) = Flush(v1);
    }
}
