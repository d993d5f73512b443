using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace StreamClassifier.Worker.Hosting;

/// <summary>
/// Builds the .NET Generic Host that runs <see cref="StreamWorkerService"/>. Configuration is the
/// topology (already loaded, with its <c>${VAR}</c> substitution) plus environment variables for the
/// host itself: <c>Logging__LogLevel__Default</c>, <c>Logging__LogLevel__StreamClassifier</c>,
/// <c>Logging__Console__FormatterName</c> (<c>plain</c>, <c>simple</c>, <c>json</c>, <c>systemd</c>) and
/// <c>Logging__Console__FormatterOptions__*</c>. Every log line goes to stderr (alerts printed by the
/// console sink go to stdout). SIGTERM, SIGINT and SIGQUIT stop the host gracefully within
/// <see cref="RunSettings.ShutdownTimeout"/>.
/// </summary>
internal static class WorkerHost
{
    /// <summary>The log formats <c>--log-format</c> accepts.</summary>
    public static IReadOnlyList<string> LogFormats { get; } = [PlainConsoleFormatter.FormatterName, ConsoleFormatterNames.Simple, ConsoleFormatterNames.Json, ConsoleFormatterNames.Systemd];

    /// <summary>Builds the host (not started).</summary>
    /// <param name="settings">What to run.</param>
    /// <param name="logFormat">A formatter name overriding the environment's, or null.</param>
    /// <param name="environment">Environment variables to read instead of the process's (tests), or null.</param>
    public static IHost Build(RunSettings settings, string? logFormat = null, IDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        AddLoggingConfiguration(builder.Configuration, logFormat, environment);
        ConfigureLogging(builder.Logging, builder.Configuration);
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(host =>
        {
            host.ShutdownTimeout = settings.ShutdownTimeout;
            host.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<RunOutcome>();
        builder.Services.AddHostedService<StreamWorkerService>();
        return builder.Build();
    }

    /// <summary>
    /// A logger factory with the same console format and levels as the host's, for errors found
    /// before the host exists (a bad topology), so a JSON log pipeline never gets a plain line.
    /// Dispose it to flush the console queue before the process exits.
    /// </summary>
    /// <param name="logFormat">A formatter name overriding the environment's, or null.</param>
    /// <param name="environment">Environment variables to read instead of the process's (tests), or null.</param>
    public static ILoggerFactory CreatePreHostLoggerFactory(string? logFormat = null, IDictionary<string, string?>? environment = null)
    {
        var configuration = new ConfigurationManager();
        AddLoggingConfiguration(configuration, logFormat, environment);
        return LoggerFactory.Create(logging => ConfigureLogging(logging, configuration));
    }

    private static void AddLoggingConfiguration(IConfigurationBuilder configuration, string? logFormat, IDictionary<string, string?>? environment)
    {
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft"] = "Warning",
            ["Logging:Console:FormatterName"] = PlainConsoleFormatter.FormatterName,
            ["Logging:Console:FormatterOptions:TimestampFormat"] = "yyyy-MM-ddTHH:mm:ss.fffZ",
            ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
        });
        if (environment is null)
        {
            configuration.AddEnvironmentVariables();
        }
        else
        {
            configuration.AddInMemoryCollection(environment.Select(pair => new KeyValuePair<string, string?>(pair.Key.Replace("__", ":", StringComparison.Ordinal), pair.Value)));
        }

        if (logFormat is not null)
        {
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:Console:FormatterName"] = logFormat });
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.ClearProviders();
        logging.AddConfiguration(configuration.GetSection("Logging"));
        logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.AddConsoleFormatter<PlainConsoleFormatter, ConsoleFormatterOptions>();
    }
}
