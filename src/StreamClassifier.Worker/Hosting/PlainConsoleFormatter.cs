using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace StreamClassifier.Worker.Hosting;

/// <summary>
/// The default log format of <c>run</c> at a terminal: the message alone on one line (warnings and
/// errors prefixed), as the worker has always printed it. For log pipelines use <c>json</c>
/// (<c>--log-format json</c> or <c>Logging__Console__FormatterName=json</c>).
/// </summary>
internal sealed class PlainConsoleFormatter : ConsoleFormatter
{
    /// <summary>The formatter's name (<c>--log-format plain</c>).</summary>
    public const string FormatterName = "plain";

    /// <summary>Creates the formatter.</summary>
    public PlainConsoleFormatter()
        : base(FormatterName)
    {
    }

    /// <inheritdoc />
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write(logEntry.LogLevel switch
        {
            LogLevel.Warning => "warning: ",
            LogLevel.Error or LogLevel.Critical => "error: ",
            _ => string.Empty,
        });
        textWriter.Write(message);
        if (logEntry.Exception is { } exception)
        {
            textWriter.Write(Environment.NewLine);
            textWriter.Write(exception.ToString());
        }

        textWriter.Write(Environment.NewLine);
    }
}
