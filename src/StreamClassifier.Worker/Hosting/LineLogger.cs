using Microsoft.Extensions.Logging;

namespace StreamClassifier.Worker.Hosting;

/// <summary>
/// An <see cref="ILogger"/> that hands each message, as the plain format prints it (warnings and
/// errors prefixed), to a line callback: the demo's screen and the bench's stderr, which show lines
/// rather than run a console log provider.
/// </summary>
/// <param name="line">Receives each line.</param>
/// <param name="minimum">The lowest level passed on.</param>
internal sealed class LineLogger(Action<string> line, LogLevel minimum = LogLevel.Information) : ILogger
{
    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var prefix = logLevel switch
        {
            LogLevel.Warning => "warning: ",
            LogLevel.Error or LogLevel.Critical => "error: ",
            _ => string.Empty,
        };
        line(prefix + formatter(state, exception));
    }
}
