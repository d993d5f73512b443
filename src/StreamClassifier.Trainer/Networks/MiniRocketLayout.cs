namespace StreamClassifier.Trainer.Networks;

/// <summary>
/// The data-independent part of MiniRocket (Dempster, Schmidt and Webb, KDD 2021), computed exactly as
/// the reference implementation's <c>fit</c> does: the 84 length-9 kernels (weight 2 at three positions,
/// −1 at the other six), the dilations spread exponentially up to (L − 1) / 8, how many features
/// (biases) each dilation gets, and the low-discrepancy quantiles the biases are drawn at.
/// </summary>
internal sealed class MiniRocketLayout
{
    /// <summary>Taps per kernel.</summary>
    public const int KernelLength = 9;

    /// <summary>Number of kernels: every choice of three positions out of nine.</summary>
    public const int KernelCount = 84;

    /// <summary>The reference's cap on distinct dilations per kernel.</summary>
    public const int DefaultMaxDilationsPerKernel = 32;

    /// <summary>The reference's default feature count (rounded down to a multiple of 84: 9,996).</summary>
    public const int DefaultFeatureCount = 10_000;

    private MiniRocketLayout(int length, int[] dilations, int[] featuresPerDilation)
    {
        Length = length;
        Dilations = dilations;
        FeaturesPerDilation = featuresPerDilation;
    }

    /// <summary>
    /// The three positions (0..8) that carry weight 2 in kernel k, in the order of
    /// <c>itertools.combinations(range(9), 3)</c> (the reference's kernel order).
    /// </summary>
    public static IReadOnlyList<(int First, int Second, int Third)> KernelPositions { get; } = BuildKernelPositions();

    /// <summary>Window length the layout was made for.</summary>
    public int Length { get; }

    /// <summary>Distinct dilations, ascending.</summary>
    public IReadOnlyList<int> Dilations { get; }

    /// <summary>Features (biases) per kernel at each dilation.</summary>
    public IReadOnlyList<int> FeaturesPerDilation { get; }

    /// <summary>Features per kernel over all dilations.</summary>
    public int FeaturesPerKernel => FeaturesPerDilation.Sum();

    /// <summary>Total features: 84 × <see cref="FeaturesPerKernel"/>.</summary>
    public int FeatureCount => KernelCount * FeaturesPerKernel;

    /// <summary>Zero padding on each side at dilation index <paramref name="dilationIndex"/>: 4 × dilation ('same' output length).</summary>
    public int Padding(int dilationIndex) => (KernelLength - 1) * Dilations[dilationIndex] / 2;

    /// <summary>
    /// True when kernel <paramref name="kernel"/> at dilation index <paramref name="dilationIndex"/> pools
    /// over the whole padded output; false when it pools over the valid part only (the padding trimmed off
    /// both ends). The reference alternates: padded when (dilation index + kernel) is even. A window too
    /// short to have a valid part (L ≤ 8 × dilation) always pools over the padded output.
    /// </summary>
    public bool PoolsPaddedOutput(int dilationIndex, int kernel) =>
        (dilationIndex + kernel) % 2 == 0 || Length - (2 * Padding(dilationIndex)) < 1;

    /// <summary>
    /// The reference's <c>_fit_dilations</c>: <paramref name="featureCount"/> / 84 features per kernel over at
    /// most <paramref name="maxDilationsPerKernel"/> dilations ⌊2^e⌋ for e evenly spaced in [0, log2((L − 1) / 8)];
    /// repeated dilations are merged and their feature shares added, the remainder dealt out from the smallest.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 84 features, or a length below 1.</exception>
    public static MiniRocketLayout For(int length, int featureCount = DefaultFeatureCount, int maxDilationsPerKernel = DefaultMaxDilationsPerKernel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        if (featureCount < KernelCount)
        {
            throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, $"MiniRocket needs at least {KernelCount} features (one per kernel); the reference uses {DefaultFeatureCount}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxDilationsPerKernel, 1);
        var featuresPerKernel = featureCount / KernelCount;
        var dilationSlots = Math.Min(featuresPerKernel, maxDilationsPerKernel);
        var multiplier = (double)featuresPerKernel / dilationSlots;
        // The reference assumes L ≥ 9; a shorter window gets dilation 1 only (it is all padding anyway).
        var maxExponent = Math.Max(0, Math.Log2((length - 1) / (double)(KernelLength - 1)));
        var counts = new SortedDictionary<int, int>();
        // numpy.logspace(0, maxExponent, n, base=2).astype(int32): linspace's i·step (the last one exactly
        // maxExponent), 2 to that power, truncated. Same arithmetic, so the same dilations.
        var step = dilationSlots == 1 ? 0 : maxExponent / (dilationSlots - 1);
        for (var slot = 0; slot < dilationSlots; slot++)
        {
            var exponent = dilationSlots > 1 && slot == dilationSlots - 1 ? maxExponent : slot * step;
            var dilation = Math.Max(1, (int)Math.Pow(2, exponent));
            counts[dilation] = counts.GetValueOrDefault(dilation) + 1;
        }

        var dilations = counts.Keys.ToArray();
        var perDilation = counts.Values.Select(count => (int)(count * multiplier)).ToArray();
        var remainder = featuresPerKernel - perDilation.Sum();
        for (var index = 0; remainder > 0; index = (index + 1) % perDilation.Length, remainder--)
        {
            perDilation[index]++;
        }

        return new MiniRocketLayout(length, dilations, perDilation);
    }

    /// <summary>
    /// The reference's <c>_quantiles</c>: the fractional parts of k·φ (φ the golden ratio) for k = 1..n,
    /// a low-discrepancy sequence that spreads the bias quantiles over (0, 1).
    /// </summary>
    public static double[] Quantiles(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var golden = (Math.Sqrt(5) + 1) / 2;
        var quantiles = new double[count];
        for (var k = 1; k <= count; k++)
        {
            // The reference stores them as float32.
            quantiles[k - 1] = (float)((k * golden) % 1);
        }

        return quantiles;
    }

    private static (int, int, int)[] BuildKernelPositions()
    {
        var positions = new List<(int, int, int)>(KernelCount);
        for (var first = 0; first < KernelLength; first++)
        {
            for (var second = first + 1; second < KernelLength; second++)
            {
                for (var third = second + 1; third < KernelLength; third++)
                {
                    positions.Add((first, second, third));
                }
            }
        }

        return [.. positions];
    }
}
