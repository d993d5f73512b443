using System.Globalization;
using System.Numerics;

namespace StreamClassifier.Dsp.Filters;

/// <summary>
/// An immutable cascade of biquads. Each row is <c>[b0, b1, b2, a0, a1, a2]</c> with <c>a0 = 1</c>,
/// exactly like scipy's <c>sos</c> arrays, and the sections run in row order.
/// </summary>
public sealed class SecondOrderSections
{
    /// <summary>Values per section row.</summary>
    public const int RowLength = 6;

    private readonly double[] coefficients;

    private SecondOrderSections(double[] coefficients) => this.coefficients = coefficients;

    /// <summary>A cascade with no sections: it passes samples through unchanged.</summary>
    public static SecondOrderSections Empty { get; } = new([]);

    /// <summary>Number of biquad sections.</summary>
    public int SectionCount => coefficients.Length / RowLength;

    /// <summary>All rows back to back: <see cref="SectionCount"/> × 6 values.</summary>
    public ReadOnlySpan<double> Coefficients => coefficients;

    /// <summary>
    /// Builds a cascade from scipy-style rows. Rows whose <c>a0</c> is not 1 are normalised by it,
    /// so a row may come straight from any <c>[b, a]</c> pair.
    /// </summary>
    /// <exception cref="ArgumentException">A row is not 6 finite values or has <c>a0 = 0</c>.</exception>
    public static SecondOrderSections FromRows(double[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var flat = new double[rows.Length * RowLength];
        for (var section = 0; section < rows.Length; section++)
        {
            var row = rows[section];
            if (row is null || row.Length != RowLength)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Second-order section row {section} has {row?.Length ?? 0} values; each row must have exactly 6: [b0, b1, b2, a0, a1, a2]."),
                    nameof(rows));
            }

            foreach (var value in row)
            {
                if (!double.IsFinite(value))
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"Second-order section row {section} contains {value}; every coefficient must be a finite number."),
                        nameof(rows));
                }
            }

            var a0 = row[3];
            if (a0 == 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Second-order section row {section} has a0 = 0; a0 must be non-zero (normally 1) because every coefficient is divided by it."),
                    nameof(rows));
            }

            for (var i = 0; i < RowLength; i++)
            {
                flat[(section * RowLength) + i] = i == 3 ? 1.0 : row[i] / a0;
            }
        }

        return new SecondOrderSections(flat);
    }

    /// <summary>The cascade of several cascades, in the order given.</summary>
    public static SecondOrderSections Concat(IEnumerable<SecondOrderSections> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var all = new List<double>();
        foreach (var part in parts)
        {
            ArgumentNullException.ThrowIfNull(part, nameof(parts));
            all.AddRange(part.coefficients);
        }

        return all.Count == 0 ? Empty : new SecondOrderSections([.. all]);
    }

    /// <summary>Rows as scipy would print them (a copy).</summary>
    public double[][] ToRows()
    {
        var rows = new double[SectionCount][];
        for (var section = 0; section < rows.Length; section++)
        {
            rows[section] = coefficients.AsSpan(section * RowLength, RowLength).ToArray();
        }

        return rows;
    }

    /// <summary>
    /// The complex frequency response <c>H(e^{jω})</c> of the whole cascade at a frequency, with
    /// <c>ω = 2π f / fs</c> (what scipy's <c>sosfreqz</c> evaluates).
    /// </summary>
    public Complex FrequencyResponse(double frequencyHz, double sampleRateHz)
    {
        if (!double.IsFinite(sampleRateHz) || sampleRateHz <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "The sample rate must be a positive, finite number of Hz.");
        }

        if (!double.IsFinite(frequencyHz))
        {
            throw new ArgumentOutOfRangeException(nameof(frequencyHz), frequencyHz, "The frequency must be a finite number of Hz.");
        }

        var omega = 2 * Math.PI * frequencyHz / sampleRateHz;
        var zInverse = Complex.FromPolarCoordinates(1, -omega);
        var zInverse2 = zInverse * zInverse;
        var response = Complex.One;
        for (var section = 0; section < SectionCount; section++)
        {
            var row = coefficients.AsSpan(section * RowLength, RowLength);
            var numerator = row[0] + (row[1] * zInverse) + (row[2] * zInverse2);
            var denominator = row[3] + (row[4] * zInverse) + (row[5] * zInverse2);
            response *= numerator / denominator;
        }

        return response;
    }

    /// <summary>Wraps a flat array without copying (the caller gives up the array).</summary>
    internal static SecondOrderSections FromFlatUnchecked(double[] flat) => new(flat);
}
