namespace StreamClassifier.Core.Ecg;

/// <summary>
/// Beat-level counts of a ventricular (V) detector: for every AAMI class, how many beats there were
/// and how many were called V. A V beat called V is a true positive; a beat of any other class called
/// V a false positive.
/// </summary>
public sealed record BeatCounts
{
    private static readonly int ClassCount = Enum.GetValues<AamiClass>().Length;

    private BeatCounts(int[] total, int[] calledV)
    {
        Total = total;
        CalledV = calledV;
    }

    /// <summary>Beats per class (index = <see cref="AamiClass"/>).</summary>
    public IReadOnlyList<int> Total { get; }

    /// <summary>Beats per class called V.</summary>
    public IReadOnlyList<int> CalledV { get; }

    /// <summary>No beats.</summary>
    public static BeatCounts Empty { get; } = new(new int[ClassCount], new int[ClassCount]);

    /// <summary>V beats called V.</summary>
    public int TruePositives => CalledV[(int)AamiClass.V];

    /// <summary>V beats not called V.</summary>
    public int FalseNegatives => Total[(int)AamiClass.V] - TruePositives;

    /// <summary>Non-V beats called V.</summary>
    public int FalsePositives => CalledV.Sum() - TruePositives;

    /// <summary>Non-V beats not called V.</summary>
    public int TrueNegatives => Total.Sum() - Total[(int)AamiClass.V] - FalsePositives;

    /// <summary>Sensitivity TP / (TP + FN); NaN without V beats.</summary>
    public double Sensitivity => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>Positive predictivity TP / (TP + FP); NaN without positive calls.</summary>
    public double PositivePredictivity => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>F1 = 2TP / (2TP + FP + FN); NaN when there are neither V beats nor V calls.</summary>
    public double F1 => Ratio(2 * TruePositives, (2 * TruePositives) + FalsePositives + FalseNegatives);

    /// <summary>False positive rate FP / (FP + TN).</summary>
    public double FalsePositiveRate => Ratio(FalsePositives, FalsePositives + TrueNegatives);

    /// <summary>Counts <paramref name="beats"/> with their decisions (true = called V).</summary>
    public static BeatCounts Of(IReadOnlyList<ClassifiedBeat> beats, IReadOnlyList<bool> calledV)
    {
        ArgumentNullException.ThrowIfNull(beats);
        ArgumentNullException.ThrowIfNull(calledV);
        if (beats.Count != calledV.Count)
        {
            throw new ArgumentException($"{beats.Count} beats but {calledV.Count} decisions.", nameof(calledV));
        }

        var total = new int[ClassCount];
        var called = new int[ClassCount];
        for (var i = 0; i < beats.Count; i++)
        {
            total[(int)beats[i].Class]++;
            if (calledV[i])
            {
                called[(int)beats[i].Class]++;
            }
        }

        return new BeatCounts(total, called);
    }

    /// <summary>Sums two records' counts.</summary>
    public static BeatCounts operator +(BeatCounts left, BeatCounts right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new BeatCounts(
            [.. left.Total.Zip(right.Total, (a, b) => a + b)],
            [.. left.CalledV.Zip(right.CalledV, (a, b) => a + b)]);
    }

    /// <summary>Same as the + operator.</summary>
    public static BeatCounts Add(BeatCounts left, BeatCounts right) => left + right;

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? double.NaN : (double)numerator / denominator;
}
