using System.Numerics;

namespace StreamClassifier.Dsp.Filters.Design;

/// <summary>
/// Groups the zeros and poles of a digital filter into second-order sections the way scipy 1.10's
/// <c>zpk2sos</c> does with its default <c>pairing='nearest'</c>: the pole closest to the unit
/// circle goes last, paired with its nearest zeros, and the gain goes into the first section.
/// </summary>
internal static class SectionPairing
{
    private enum RootKind
    {
        Real,
        Complex,
        Any,
    }

    public static SecondOrderSections ToSections(ZeroPoleGain digital)
    {
        if (digital.Zeros.Length == 0 && digital.Poles.Length == 0)
        {
            return SecondOrderSections.FromFlatUnchecked([digital.Gain, 0, 0, 1, 0, 0]);
        }

        var (zeros, poles, sectionCount) = PaddedRoots(digital);
        var coefficients = new double[sectionCount * SecondOrderSections.RowLength];

        // Build from the last section backwards so that the "worst" poles end up last.
        for (var section = sectionCount - 1; section >= 0; section--)
        {
            var row = coefficients.AsSpan(section * SecondOrderSections.RowLength, SecondOrderSections.RowLength);
            var pole1 = TakeAt(poles, IndexClosestToUnitCircle(poles));
            WriteSectionOf(row, pole1, poles, zeros);
        }

        for (var i = 0; i < 3; i++)
        {
            coefficients[i] *= digital.Gain;
        }

        return SecondOrderSections.FromFlatUnchecked(coefficients);
    }

    /// <summary>
    /// Zeros and poles padded with roots at 0 to equal, even counts (one section per two poles), each
    /// list joined as <see cref="ConjugatePairs"/> splits it: conjugate pairs first, real roots after.
    /// </summary>
    private static (List<Complex> Zeros, List<Complex> Poles, int SectionCount) PaddedRoots(ZeroPoleGain digital)
    {
        var zeroList = new List<Complex>(digital.Zeros);
        var poleList = new List<Complex>(digital.Poles);
        zeroList.AddRange(Enumerable.Repeat(Complex.Zero, Math.Max(poleList.Count - zeroList.Count, 0)));
        poleList.AddRange(Enumerable.Repeat(Complex.Zero, Math.Max(zeroList.Count - poleList.Count, 0)));
        if (poleList.Count % 2 == 1)
        {
            poleList.Add(Complex.Zero);
            zeroList.Add(Complex.Zero);
        }

        return (JoinPairsAndReals(zeroList), JoinPairsAndReals(poleList), poleList.Count / 2);
    }

    /// <summary>Writes the section of <paramref name="pole1"/>, taking its partner pole and nearest zeros from the lists.</summary>
    private static void WriteSectionOf(Span<double> row, Complex pole1, List<Complex> poles, List<Complex> zeros)
    {
        if (IsReal(pole1) && poles.Count(IsReal) == 0)
        {
            // The last real pole: a first-order section (padded with a pole and zero at 0).
            var zero1 = TakeAt(zeros, NearestIndex(zeros, pole1, RootKind.Real));
            WriteSection(row, [zero1, Complex.Zero], [pole1, Complex.Zero]);
        }
        else if (poles.Count + 1 == zeros.Count && !IsReal(pole1) && poles.Count(IsReal) == 1 && zeros.Count(IsReal) == 1)
        {
            // One real pole and one real zero left: this complex pole must take a complex zero.
            var zero1 = TakeAt(zeros, NearestIndex(zeros, pole1, RootKind.Complex));
            WriteSection(row, [zero1, Complex.Conjugate(zero1)], [pole1, Complex.Conjugate(pole1)]);
        }
        else
        {
            WriteSecondOrderSection(row, pole1, TakePartnerPole(pole1, poles), zeros);
        }
    }

    /// <summary>A complex pole's partner is its conjugate; a real pole's, the remaining real pole closest to the unit circle.</summary>
    private static Complex TakePartnerPole(Complex pole1, List<Complex> poles)
    {
        if (!IsReal(pole1))
        {
            return Complex.Conjugate(pole1);
        }

        var realIndexes = Enumerable.Range(0, poles.Count).Where(i => IsReal(poles[i])).ToArray();
        var realPoles = realIndexes.Select(i => poles[i]).ToList();
        return TakeAt(poles, realIndexes[IndexClosestToUnitCircle(realPoles)]);
    }

    /// <summary>Two poles with the zeros nearest to the first: a conjugate pair, two reals, one, or none left.</summary>
    private static void WriteSecondOrderSection(Span<double> row, Complex pole1, Complex pole2, List<Complex> zeros)
    {
        if (zeros.Count == 0)
        {
            WriteSection(row, [], [pole1, pole2]);
            return;
        }

        var zero1 = TakeAt(zeros, NearestIndex(zeros, pole1, RootKind.Any));
        if (!IsReal(zero1))
        {
            WriteSection(row, [zero1, Complex.Conjugate(zero1)], [pole1, pole2]);
        }
        else if (zeros.Count > 0)
        {
            var zero2 = TakeAt(zeros, NearestIndex(zeros, pole1, RootKind.Real));
            WriteSection(row, [zero1, zero2], [pole1, pole2]);
        }
        else
        {
            WriteSection(row, [zero1], [pole1, pole2]);
        }
    }

    private static bool IsReal(Complex root) => root.Imaginary == 0;

    private static List<Complex> JoinPairsAndReals(List<Complex> roots)
    {
        var (pairs, reals) = ConjugatePairs.Split(roots);
        var joined = new List<Complex>(pairs);
        joined.AddRange(reals.Select(real => new Complex(real, 0)));
        return joined;
    }

    private static Complex TakeAt(List<Complex> roots, int index)
    {
        var root = roots[index];
        roots.RemoveAt(index);
        return root;
    }

    /// <summary>The first root with the smallest | 1 − |r| | (numpy argmin).</summary>
    private static int IndexClosestToUnitCircle(List<Complex> roots)
    {
        var best = 0;
        var bestDistance = double.PositiveInfinity;
        for (var i = 0; i < roots.Count; i++)
        {
            var distance = Math.Abs(1 - Complex.Abs(roots[i]));
            if (distance < bestDistance)
            {
                best = i;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>The root of the wanted kind nearest to <paramref name="target"/>.</summary>
    private static int NearestIndex(List<Complex> roots, Complex target, RootKind kind)
    {
        var best = -1;
        var bestDistance = double.PositiveInfinity;
        for (var i = 0; i < roots.Count; i++)
        {
            var matchesKind = kind switch
            {
                RootKind.Real => IsReal(roots[i]),
                RootKind.Complex => !IsReal(roots[i]),
                _ => true,
            };
            var distance = Complex.Abs(roots[i] - target);
            if (matchesKind && distance < bestDistance)
            {
                best = i;
                bestDistance = distance;
            }
        }

        return best >= 0
            ? best
            : throw new InvalidOperationException($"No {kind.ToString().ToLowerInvariant()} root is left to pair with pole {target}.");
    }

    /// <summary>Writes k=1 polynomials of up to two zeros and poles, right-aligned like scipy's <c>_single_zpksos</c>.</summary>
    private static void WriteSection(Span<double> row, Complex[] zeros, Complex[] poles)
    {
        var numerator = Polynomial(zeros);
        var denominator = Polynomial(poles);
        numerator.CopyTo(row[(3 - numerator.Length)..3]);
        denominator.CopyTo(row[(6 - denominator.Length)..6]);
    }

    /// <summary>Monic polynomial with the given roots, highest power first (numpy <c>poly</c>); the roots are real or conjugate pairs, so the result is real.</summary>
    private static double[] Polynomial(Complex[] roots)
    {
        var coefficients = new Complex[roots.Length + 1];
        coefficients[0] = Complex.One;
        for (var r = 0; r < roots.Length; r++)
        {
            for (var i = r + 1; i >= 1; i--)
            {
                coefficients[i] -= roots[r] * coefficients[i - 1];
            }
        }

        return Array.ConvertAll(coefficients, coefficient => coefficient.Real);
    }
}
