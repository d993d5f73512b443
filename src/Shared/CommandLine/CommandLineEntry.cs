using System.CommandLine;
using System.CommandLine.Invocation;

namespace StreamClassifier.CommandLine;

/// <summary>
/// How both executables turn a command line into an exit code: a value that does not parse, a
/// missing required option or an unknown word prints one line (what, which command, where to look)
/// and exits 2, like every other bad option; an error the tool classifies as the user's prints its
/// message on one line with the tool's exit code. Anything else is a defect and keeps its stack trace.
/// Linked into each executable's project, so both tools fail the same way.
/// </summary>
internal static class CommandLineEntry
{
    /// <summary>Exit code of a command line that does not parse.</summary>
    public const int BadOption = 2;

    /// <summary>Parses <paramref name="args"/> and runs the chosen command.</summary>
    /// <param name="root">The tool's commands.</param>
    /// <param name="args">The command line.</param>
    /// <param name="configuration">How to invoke (output writers, termination handling).</param>
    /// <param name="classify">The exit code of an exception the user caused, or null for a defect.</param>
    public static int Invoke(RootCommand root, string[] args, InvocationConfiguration configuration, Func<Exception, int?> classify)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(classify);
        var error = configuration.Error;
        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            error.WriteLine(ParseErrorLine(parse));
            return BadOption;
        }

        configuration.EnableDefaultExceptionHandler = false;
        try
        {
            return parse.Invoke(configuration);
        }
        catch (Exception exception) when (classify(Unwrap(exception)) is { } code)
        {
            var cause = Unwrap(exception);
            var hint = cause is IOException or UnauthorizedAccessException ? " Check the paths given to this command and their permissions." : string.Empty;
            error.WriteLine($"error: {CommandPath(parse)}: {MessageOf(cause)}{hint}");
            return code;
        }
    }

    /// <summary>One line naming the command, every parse error and where the options are listed.</summary>
    public static string ParseErrorLine(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var command = CommandPath(parse);
        var problems = string.Join("; ", parse.Errors.Select(problem => OneLine(problem.Message).TrimEnd('.')));
        return $"error: {command}: {problems}. See '{command} --help' for the options and their values.";
    }

    /// <summary>
    /// An exception's message as one line for the user: an argument exception's
    /// "(Parameter 'x')" and "Actual value was ..." (for the code, not the reader) are left out.
    /// </summary>
    public static string MessageOf(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception is ArgumentException { ParamName: { } name }
            ? exception.Message.Split($" (Parameter '{name}')", 2)[0]
            : exception.Message;
        return OneLine(message);
    }

    // "streamclassifier run" (the root's name is the executable's).
    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command.Name);
        }

        return string.Join(' ', names);
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    // Rx and tasks wrap the real cause.
    /// <summary>The real cause inside the single-exception <see cref="AggregateException"/>s that Rx and tasks wrap it in.</summary>
    internal static Exception Unwrap(Exception exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            exception = aggregate.InnerExceptions[0];
        }

        return exception;
    }
}
