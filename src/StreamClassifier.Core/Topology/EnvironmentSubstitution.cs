using System.Text;

namespace StreamClassifier.Core.Topology;

/// <summary>
/// Expands <c>${VAR}</c> and <c>${VAR:-default}</c> in one configuration value, as a shell or
/// docker-compose would: the default applies when the variable is unset or empty; <c>$$</c> is a
/// literal <c>$</c>. A <c>$</c> followed by anything else stays as it is.
/// </summary>
public static class EnvironmentSubstitution
{
    /// <summary>True when <paramref name="value"/> contains a <c>${...}</c> reference.</summary>
    public static bool HasReference(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Contains("${", StringComparison.Ordinal);
    }

    /// <summary>
    /// The variables <paramref name="value"/> refers to, in order, each with its default (null when
    /// it has none, so the variable must be set). Malformed references are skipped; substitution
    /// reports them.
    /// </summary>
    public static IReadOnlyList<EnvironmentReference> FindReferences(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var references = new List<EnvironmentReference>();
        var position = 0;
        while (position < value.Length - 1)
        {
            var dollar = value.IndexOf('$', position);
            if (dollar < 0 || dollar == value.Length - 1)
            {
                break;
            }

            if (value[dollar + 1] != '{')
            {
                // "$$" is an escaped dollar: skip both so "$${X}" is not a reference.
                position = dollar + (value[dollar + 1] == '$' ? 2 : 1);
                continue;
            }

            var close = value.IndexOf('}', dollar + 2);
            if (close < 0)
            {
                break;
            }

            var body = value.AsSpan(dollar + 2, close - dollar - 2);
            var separator = body.IndexOf(":-", StringComparison.Ordinal);
            var name = separator < 0 ? body : body[..separator];
            if (IsVariableName(name))
            {
                references.Add(new EnvironmentReference(name.ToString(), separator < 0 ? null : body[(separator + 2)..].ToString()));
            }

            position = close + 1;
        }

        return references;
    }

    /// <summary>
    /// Expands the references in <paramref name="value"/>. Returns false, with
    /// <paramref name="error"/> saying what is wrong and how to fix it, when a variable without a
    /// default is not set or a reference is malformed.
    /// </summary>
    /// <param name="value">The configuration value as written.</param>
    /// <param name="lookup">Returns a variable's value, or null when it is not set.</param>
    /// <param name="result">The expanded value (the input when expansion failed).</param>
    /// <param name="error">Why expansion failed; null on success.</param>
    public static bool TrySubstitute(string value, Func<string, string?> lookup, out string result, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(lookup);
        result = value;
        error = null;
        if (!value.Contains('$', StringComparison.Ordinal))
        {
            return true;
        }

        var expanded = new StringBuilder(value.Length);
        var position = 0;
        while (position < value.Length)
        {
            var dollar = value.IndexOf('$', position);
            if (dollar < 0 || dollar == value.Length - 1)
            {
                expanded.Append(value, position, value.Length - position);
                break;
            }

            expanded.Append(value, position, dollar - position);
            var next = value[dollar + 1];
            if (next == '$')
            {
                expanded.Append('$');
                position = dollar + 2;
                continue;
            }

            if (next != '{')
            {
                expanded.Append('$');
                position = dollar + 1;
                continue;
            }

            if (!TryExpandReference(value, dollar, lookup, expanded, out position, out error))
            {
                return false;
            }
        }

        result = expanded.ToString();
        return true;
    }

    /// <summary>Appends the expansion of the <c>${...}</c> reference that starts at <paramref name="dollar"/>; <paramref name="end"/> is the position after it.</summary>
    private static bool TryExpandReference(string value, int dollar, Func<string, string?> lookup, StringBuilder expanded, out int end, out string? error)
    {
        error = null;
        var close = value.IndexOf('}', dollar + 2);
        end = close + 1;
        if (close < 0)
        {
            error = $"'{value}' has an unterminated '${{' at character {dollar + 1}; write ${{NAME}} or ${{NAME:-default}} (use $$ for a literal $)";
            return false;
        }

        var body = value.AsSpan(dollar + 2, close - dollar - 2);
        var separator = body.IndexOf(":-", StringComparison.Ordinal);
        var name = separator < 0 ? body : body[..separator];
        if (!IsVariableName(name))
        {
            error = $"'${{{body}}}' is not a valid reference: '{name}' is not a variable name (letters, digits and _, not starting with a digit); write ${{NAME}} or ${{NAME:-default}}";
            return false;
        }

        var variable = lookup(name.ToString());
        if (separator >= 0)
        {
            expanded.Append(string.IsNullOrEmpty(variable) ? body[(separator + 2)..] : variable);
        }
        else if (variable is null)
        {
            error = $"environment variable {name} is not set (referenced as '${{{name}}}'); set it, or give a default with ${{{name}:-default}}";
            return false;
        }
        else
        {
            expanded.Append(variable);
        }

        return true;
    }

    private static bool IsVariableName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var character in name)
        {
            if (!char.IsAsciiLetterOrDigit(character) && character != '_')
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A <c>${NAME}</c> or <c>${NAME:-default}</c> reference in a configuration value.</summary>
/// <param name="Name">The variable name.</param>
/// <param name="Default">The default when unset or empty; null when the variable is required.</param>
public sealed record EnvironmentReference(string Name, string? Default)
{
    /// <summary>True when the variable must be set (no default).</summary>
    public bool IsRequired => Default is null;
}
