using System.Runtime.CompilerServices;
using System.Text.Json;

namespace StreamClassifier.Kafka.Codecs;

/// <summary>
/// Parses the JSON numbers of sensor samples. Sensor values are short decimals (<c>-0.145</c>,
/// <c>1023</c>, <c>2.5e-3</c>): when a number has at most 15 significant digits and a decimal exponent
/// within ±22, both the digits and the power of ten are exact doubles, so one IEEE multiplication or
/// division gives the correctly rounded result (Clinger's fast path, as in fast_float). Anything
/// else falls back to <see cref="Utf8JsonReader.TryGetDouble"/>, so results are always identical to it.
/// </summary>
internal static class JsonNumberParser
{
    private const int MaxFastDigits = 15;
    private const int MaxFastExponent = 22;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>The current Number token of <paramref name="reader"/> as a double; false when it does not fit one (overflow).</summary>
    public static bool TryGetDouble(ref Utf8JsonReader reader, out double value)
    {
        if (!reader.HasValueSequence && TryParseFast(reader.ValueSpan, out value))
        {
            return true;
        }

        return reader.TryGetDouble(out value);
    }

    /// <summary>The fast path alone: false when the number needs the general parser (too many digits, large exponent).</summary>
    internal static bool TryParseFast(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var index = 0;
        var negative = index < text.Length && text[index] == (byte)'-';
        if (negative)
        {
            index++;
        }

        ulong mantissa = 0;
        var digits = 0;
        if (!TryAccumulateDigits(text, ref index, ref mantissa, ref digits, out _))
        {
            return false;
        }

        var exponent = 0;
        if (index < text.Length && text[index] == (byte)'.')
        {
            index++;
            if (!TryAccumulateDigits(text, ref index, ref mantissa, ref digits, out var fractionDigits))
            {
                return false;
            }

            exponent = -fractionDigits;
        }

        if (index < text.Length && (text[index] | 0x20) == (byte)'e')
        {
            if (!TryReadExponent(text, ref index, out var written))
            {
                return false;
            }

            exponent += written;
        }

        if (index != text.Length || exponent < -MaxFastExponent || exponent > MaxFastExponent)
        {
            return false;
        }

        var magnitude = exponent < 0 ? mantissa / PowersOfTen[-exponent] : mantissa * PowersOfTen[exponent];
        value = negative ? -magnitude : magnitude;
        return true;
    }

    /// <summary>
    /// Appends the run of digits at <paramref name="index"/> to <paramref name="mantissa"/>; false when
    /// the significant digits (leading zeros do not count) exceed what a double holds exactly.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryAccumulateDigits(ReadOnlySpan<byte> text, ref int index, ref ulong mantissa, ref int digits, out int read)
    {
        var start = index;
        for (; index < text.Length && IsDigit(text[index]); index++)
        {
            if (digits > 0 || text[index] != (byte)'0')
            {
                if (++digits > MaxFastDigits)
                {
                    read = index - start;
                    return false;
                }
            }

            mantissa = (mantissa * 10) + (uint)(text[index] - '0');
        }

        read = index - start;
        return true;
    }

    /// <summary>The signed decimal exponent after the <c>e</c> at <paramref name="index"/>; false when it is absurdly large.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryReadExponent(ReadOnlySpan<byte> text, ref int index, out int exponent)
    {
        exponent = 0;
        index++;
        var negative = false;
        if (index < text.Length && (text[index] == (byte)'-' || text[index] == (byte)'+'))
        {
            negative = text[index] == (byte)'-';
            index++;
        }

        var written = 0;
        for (; index < text.Length && IsDigit(text[index]); index++)
        {
            written = (written * 10) + (text[index] - '0');
            if (written > 1000)
            {
                return false;
            }
        }

        exponent = negative ? -written : written;
        return true;
    }

    private static bool IsDigit(byte character) => (uint)(character - '0') <= 9;
}
