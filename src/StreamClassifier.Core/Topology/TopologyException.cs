using System.Text;

namespace StreamClassifier.Core.Topology;

/// <summary>
/// One problem in a topology: where it is (file, key path, line and column when known) and what is
/// wrong, including the offending value and what was expected.
/// </summary>
/// <param name="Source">The topology file (or source name) the problem is in.</param>
/// <param name="KeyPath">Key path, e.g. <c>streams[0].window.hop</c>; empty for the whole file.</param>
/// <param name="Line">1-based line, when the problem has a place in the file.</param>
/// <param name="Column">1-based column, when the problem has a place in the file.</param>
/// <param name="Detail">What is wrong and what was expected.</param>
public sealed record TopologyError(string Source, string KeyPath, int? Line, int? Column, string Detail)
{
    /// <summary>The error as one line: <c>file:line:column: key.path: detail</c> (<c>key.path: detail</c> without a position).</summary>
    public override string ToString()
    {
        // Without a position the exception's heading already names the source; repeating it adds noise.
        if (Line is not int line)
        {
            return KeyPath.Length == 0 ? Detail : $"{KeyPath}: {Detail}";
        }

        var where = $"{Source}:{line}:{Column ?? 1}";
        return KeyPath.Length == 0 ? $"{where}: {Detail}" : $"{where}: {KeyPath}: {Detail}";
    }
}

/// <summary>
/// A topology is invalid, or disagrees with its model. The message lists every problem found (not
/// just the first), each naming the file, key path, line:column, the value and what was expected.
/// </summary>
public sealed class TopologyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TopologyException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TopologyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public TopologyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the problems found in one topology.</summary>
    /// <param name="source">The topology file or source name.</param>
    /// <param name="errors">Every problem found; at least one.</param>
    public TopologyException(string source, IReadOnlyList<TopologyError> errors)
        : this(FormatHeader(source, errors?.Count ?? 0, "is not valid"), errors?.ToArray() ?? [])
    {
    }

    private TopologyException(string heading, TopologyError[] errors)
        : base(Format(heading, errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception with a heading of your own followed by one line per problem.</summary>
    /// <param name="heading">First line of the message.</param>
    /// <param name="errors">Every problem found; at least one.</param>
    public static TopologyException WithHeading(string heading, IEnumerable<TopologyError> errors)
    {
        ArgumentNullException.ThrowIfNull(heading);
        ArgumentNullException.ThrowIfNull(errors);
        return new TopologyException(heading, errors.ToArray());
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<TopologyError> Errors { get; } = [];

    internal static string FormatHeader(string source, int count, string what) =>
        $"Topology '{source}' {what} ({count} {(count == 1 ? "problem" : "problems")}):";

    private static string Format(string heading, IReadOnlyList<TopologyError> errors)
    {
        var text = new StringBuilder(heading);
        foreach (var error in errors)
        {
            text.Append('\n').Append("  - ").Append(error);
        }

        return text.ToString();
    }
}
