using System.CommandLine;
using System.Globalization;
using System.Numerics;

namespace StreamClassifier.Worker.Commands;

/// <summary>
/// Range rules attached to options, so a bad value is a parse error: one line naming the option, the
/// value and the range, exit code 2 (see <c>CommandLineEntry</c>), before the command starts anything.
/// </summary>
internal static class OptionRules
{
    /// <summary>Refuses values below <paramref name="minimum"/> (and NaN).</summary>
    public static Option<T> AtLeast<T>(this Option<T> option, T minimum, string? hint = null)
        where T : INumber<T>
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.GetValueOrDefault<T>() is var value && !(value >= minimum))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {value} is out of range: it must be at least {minimum}{hint}"));
            }
        });
        return option;
    }

    /// <summary>Refuses values below <paramref name="minimum"/> (and NaN) when the option is given.</summary>
    public static Option<T?> AtLeast<T>(this Option<T?> option, T minimum, string? hint = null)
        where T : struct, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.GetValueOrDefault<T?>() is { } value && !(value >= minimum))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {value} is out of range: it must be at least {minimum}{hint}"));
            }
        });
        return option;
    }

    /// <summary>Refuses zero, negative values and NaN when the option is given.</summary>
    public static Option<T?> Positive<T>(this Option<T?> option)
        where T : struct, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.GetValueOrDefault<T?>() is { } value && !(value > T.Zero))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {value} is out of range: it must be greater than 0"));
            }
        });
        return option;
    }

    /// <summary>Refuses an empty or blank value when the option is given.</summary>
    public static Option<T> NotBlank<T>(this Option<T> option, string example)
        where T : class?
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.GetValueOrDefault<T>() as string))
            {
                result.AddError($"{option.Name} is empty; pass e.g. {example}");
            }
        });
        return option;
    }
}
