using System.Globalization;
using System.Text;

namespace StreamClassifier.Worker.Bench;

/// <summary>The rounds of <c>bench --source kafka</c>, with the median and spread (min–max) of what each round measured.</summary>
internal sealed record KafkaBenchRounds
{
    /// <summary>Wraps measured rounds (at least one).</summary>
    public KafkaBenchRounds(IReadOnlyList<KafkaBenchResult> rounds)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rounds.Count);
        Rounds = rounds;
    }

    /// <summary>Each round's full result, in order.</summary>
    public IReadOnlyList<KafkaBenchResult> Rounds { get; }

    /// <summary>Median worker windows/s.</summary>
    public double MedianWindowsPerSecond => Median(Rounds.Select(round => round.WindowsPerSecond));

    /// <summary>Median ratio of worker windows/s to the scorer-alone ceiling around it.</summary>
    public double MedianRatio => Median(Rounds.Select(round => round.Ratio));

    /// <summary>Lowest and highest ratio.</summary>
    public double[] RatioSpread => [Rounds.Min(round => round.Ratio), Rounds.Max(round => round.Ratio)];

    /// <summary>Median CPU-time ratio (worker windows per CPU second over the scorer alone's): independent of the machine's load.</summary>
    public double MedianCpuRatio => Median(Rounds.Select(round => round.CpuRatio));

    /// <summary>Lowest and highest CPU-time ratio.</summary>
    public double[] CpuRatioSpread => [Rounds.Min(round => round.CpuRatio), Rounds.Max(round => round.CpuRatio)];

    /// <summary>Human-readable lines: every round, then the medians with their spread.</summary>
    public string Describe(string bootstrap)
    {
        var text = new StringBuilder();
        for (var i = 0; i < Rounds.Count; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"round {i + 1} of {Rounds.Count}:");
            text.AppendLine(Rounds[i].Describe(bootstrap));
        }

        text.Append(CultureInfo.InvariantCulture, $"median of {Rounds.Count}: worker {MedianWindowsPerSecond:N0} windows/s, {MedianRatio:0.000} of the scorer-alone ceiling (spread {RatioSpread[0]:0.000}–{RatioSpread[1]:0.000}); per CPU second {MedianCpuRatio:0.000} (spread {CpuRatioSpread[0]:0.000}–{CpuRatioSpread[1]:0.000})");
        return text.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return Math.Round(sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2, 3);
    }
}
