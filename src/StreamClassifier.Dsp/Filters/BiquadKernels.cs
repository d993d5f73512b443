using System.Runtime.CompilerServices;

namespace StreamClassifier.Dsp.Filters;

/// <summary>
/// The transposed direct form II inner loops. Each walks one channel of interleaved rows with a
/// stride, keeping coefficients and delays in locals. The sum <c>b1·x − a1·y + z1</c> is
/// evaluated as <c>(b1·x + z1) − a1·y</c> so that only one multiply and one subtraction sit on the
/// sample-to-sample dependency chain; it differs from scipy only by rounding (≈1e-16).
/// </summary>
internal static class BiquadKernels
{
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

        delay = z0;
        Unsafe.Add(ref delay, 1) = z1;
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

        delays = u0;
        Unsafe.Add(ref delays, 1) = u1;
        Unsafe.Add(ref delays, 2) = v0;
        Unsafe.Add(ref delays, 3) = v1;
    }
}
