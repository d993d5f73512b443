using System.Globalization;
using StreamClassifier.Trainer.Data;

namespace StreamClassifier.Trainer.Tuning;

/// <summary>A closed interval of numbers, sampled uniformly or log-uniformly.</summary>
/// <param name="Min">Lower bound (inclusive).</param>
/// <param name="Max">Upper bound (inclusive).</param>
/// <param name="Log">Sample the logarithm uniformly (for learning rates); needs <paramref name="Min"/> &gt; 0.</param>
internal sealed record SearchInterval(double Min, double Max, bool Log);

/// <summary>
/// One searched parameter: either a list of choices (each equally likely) or, for numbers, an interval. Integer
/// parameters drawn from an interval take every whole number in it with equal probability (or log-uniformly).
/// </summary>
/// <typeparam name="T">int, double, bool or an enum.</typeparam>
internal sealed class SearchDimension<T>
    where T : notnull
{
    private SearchDimension(IReadOnlyList<T> choices, SearchInterval? interval)
    {
        Choices = choices;
        Interval = interval;
    }

    /// <summary>The choices; empty when the parameter is an interval.</summary>
    public IReadOnlyList<T> Choices { get; }

    /// <summary>The interval, or null for choices.</summary>
    public SearchInterval? Interval { get; }

    /// <summary>A parameter with these choices.</summary>
    public static SearchDimension<T> Of(params IReadOnlyList<T> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentOutOfRangeException.ThrowIfZero(choices.Count);
        return new SearchDimension<T>(choices, null);
    }

    /// <summary>A numeric parameter drawn from an interval.</summary>
    public static SearchDimension<T> Between(SearchInterval interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        if (typeof(T) != typeof(int) && typeof(T) != typeof(double))
        {
            throw new ArgumentException($"only numbers can be drawn from an interval, not {typeof(T).Name}.", nameof(interval));
        }

        return new SearchDimension<T>([], interval);
    }

    /// <summary>Draws one value.</summary>
    public T Sample(SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (Interval is not { } interval)
        {
            return Choices[random.NextInt(Choices.Count)];
        }

        var u = random.NextDouble();
        if (typeof(T) == typeof(int))
        {
            // Every whole number in [min, max] equally likely: draw in [min, max + 1) and round down.
            var low = Math.Ceiling(interval.Min);
            var high = Math.Floor(interval.Max) + 1;
            var drawn = interval.Log ? Math.Exp(Math.Log(low) + (u * (Math.Log(high) - Math.Log(low)))) : low + (u * (high - low));
            return (T)(object)(int)Math.Min(Math.Floor(drawn), high - 1);
        }

        var value = interval.Log
            ? Math.Exp(Math.Log(interval.Min) + (u * (Math.Log(interval.Max) - Math.Log(interval.Min))))
            : interval.Min + (u * (interval.Max - interval.Min));
        return (T)(object)value;
    }

    /// <summary>How the space file would write it.</summary>
    public override string ToString() => Interval is { } interval
        ? string.Create(CultureInfo.InvariantCulture, $"{interval.Min}..{interval.Max}{(interval.Log ? " (log)" : string.Empty)}")
        : string.Join(", ", Choices.Select(choice => Convert.ToString(choice, CultureInfo.InvariantCulture)));
}
