using System.Numerics;
using System.Runtime.InteropServices;

namespace StreamClassifier.Pipeline.Sensors;

/// <summary>
/// Finds NaN or ±Infinity in a chunk before it reaches a filter: one non-finite sample would poison
/// an IIR filter's delay lines for good. Vectorised (a double is non-finite when all its exponent
/// bits are set), so the check costs a fraction of a nanosecond per value.
/// </summary>
internal static class FiniteCheck
{
    private const long ExponentMask = 0x7FF0_0000_0000_0000;

    /// <summary>Index of the first non-finite value, or -1.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<double> values)
    {
        var bits = MemoryMarshal.Cast<double, long>(values);
        var i = 0;
        if (Vector.IsHardwareAccelerated && bits.Length >= Vector<long>.Count)
        {
            var mask = new Vector<long>(ExponentMask);
            for (; i <= bits.Length - Vector<long>.Count; i += Vector<long>.Count)
            {
                if (Vector.EqualsAny(new Vector<long>(bits[i..]) & mask, mask))
                {
                    break;
                }
            }
        }

        for (; i < bits.Length; i++)
        {
            if ((bits[i] & ExponentMask) == ExponentMask)
            {
                return i;
            }
        }

        return -1;
    }
}
