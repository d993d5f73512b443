using System.Numerics;

namespace StreamClassifier.Dsp.Filters.Design;

/// <summary>
/// Splits roots into complex-conjugate pairs and real roots exactly as scipy 1.10's
/// <c>_cplxreal</c> does, including its ordering, because the section pairing that follows
/// depends on that order.
/// </summary>
internal static class ConjugatePairs
{
    /// <summary>100 × double epsilon, scipy's default tolerance for "is real" and "is the same".</summary>
    private const double Tolerance = 100 * 2.220446049250313e-16;

    /// <summary>
    /// Returns one root of each conjugate pair (positive imaginary part, averaged with its mate) and
    /// the real roots, each sorted by real part.
    /// </summary>
    public static (Complex[] Complex, double[] Real) Split(IReadOnlyList<Complex> roots)
    {
        if (roots.Count == 0)
        {
            return ([], []);
        }

        // Sort by real part, then by |imag| (numpy lexsort is stable; so is OrderBy).
        var sorted = roots.OrderBy(root => root.Real).ThenBy(root => Math.Abs(root.Imaginary)).ToArray();
        var isReal = Array.ConvertAll(sorted, root => Math.Abs(root.Imaginary) <= Tolerance * Complex.Abs(root));
        var reals = sorted.Where((_, i) => isReal[i]).Select(root => root.Real).ToArray();
        if (reals.Length == sorted.Length)
        {
            return ([], reals);
        }

        var complexRoots = sorted.Where((_, i) => !isReal[i]).ToArray();
        var positive = complexRoots.Where(root => root.Imaginary > 0).ToArray();
        var negative = complexRoots.Where(root => root.Imaginary < 0).ToArray();
        if (positive.Length != negative.Length)
        {
            throw new InvalidOperationException("The roots contain a complex value with no matching conjugate.");
        }

        // Runs of (nearly) equal real parts are re-sorted by |imag| so that mates line up.
        var runStart = 0;
        for (var i = 1; i <= positive.Length; i++)
        {
            var continuesRun = i < positive.Length && positive[i].Real - positive[i - 1].Real <= Tolerance * Complex.Abs(positive[i - 1]);
            if (continuesRun)
            {
                continue;
            }

            if (i - runStart > 1)
            {
                SortRunByImaginaryMagnitude(positive, runStart, i);
                SortRunByImaginaryMagnitude(negative, runStart, i);
            }

            runStart = i;
        }

        var pairs = new Complex[positive.Length];
        for (var i = 0; i < positive.Length; i++)
        {
            var mate = Complex.Conjugate(negative[i]);
            if (Complex.Abs(positive[i] - mate) > Tolerance * Complex.Abs(negative[i]))
            {
                throw new InvalidOperationException("The roots contain a complex value with no matching conjugate.");
            }

            // Average out rounding between the two halves of the pair.
            pairs[i] = (positive[i] + mate) / 2;
        }

        return (pairs, reals);
    }

    private static void SortRunByImaginaryMagnitude(Complex[] roots, int start, int end)
    {
        var run = roots[start..end].OrderBy(root => Math.Abs(root.Imaginary)).ToArray();
        run.CopyTo(roots, start);
    }
}
