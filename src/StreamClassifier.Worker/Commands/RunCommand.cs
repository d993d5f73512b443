using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamClassifier.Core.Topology;
using StreamClassifier.Worker.Hosting;

namespace StreamClassifier.Worker.Commands;

/// <summary><c>streamclassifier run</c>: the worker (Kafka → pipeline → alerts) on the .NET Generic Host.</summary>
internal static class RunCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var topologyOption = new Option<FileInfo>("--topology") { Description = "Topology YAML (topologies/*.yaml).", Required = true };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "Kafka bootstrap servers, overriding the topology's source.kafka.bootstrap." };
        var instanceId = new Option<string>("--instance-id")
        {
            Description = "Stable id of this worker (exactly-once transactional id).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("STREAMCLASSIFIER_INSTANCE") is { Length: > 0 } fromEnvironment ? fromEnvironment : Environment.MachineName,
        };
        var commitInterval = new Option<int>("--commit-interval-ms") { Description = "How often complete work is checkpointed and committed, in ms (at least 50).", DefaultValueFactory = _ => 1000 };
        var listen = new Option<string?>("--listen") { Description = "host:port of /metrics, /healthz and /readyz, overriding the topology's telemetry.listen (default 127.0.0.1:9464)." };
        var logFormat = new Option<string>("--log-format")
        {
            Description = "Log format on stderr: plain (message only), simple, json or systemd; overrides Logging__Console__FormatterName.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("Logging__Console__FormatterName") is { Length: > 0 } fromEnvironment ? fromEnvironment : PlainConsoleFormatter.FormatterName,
        };
        logFormat.AcceptOnlyFromAmong([.. WorkerHost.LogFormats]);
        var modelPoll = new Option<double>("--model-poll-s") { Description = "How often model files are compared for a new version (besides file-system events), in seconds (at least 1).", DefaultValueFactory = _ => 15 };

        var command = new Command("run", "Run the worker: consume sensor records, score windows, publish alerts; commits only complete work; hot-swaps new model versions; SIGTERM stops it gracefully within worker.shutdown_timeout_s.")
        {
            topologyOption, bootstrap, instanceId, commitInterval, listen, logFormat, modelPoll,
        };
        command.SetAction(parse => Run(
            parse.GetValue(topologyOption)!,
            parse.GetValue(bootstrap),
            parse.GetValue(instanceId)!,
            parse.GetValue(commitInterval),
            parse.GetValue(listen),
            parse.GetValue(logFormat)!,
            parse.GetValue(modelPoll)));
        return command;
    }

    private static int Run(FileInfo topologyFile, string? bootstrapOverride, string instanceId, int commitIntervalMs, string? listenOverride, string logFormat, double modelPollSeconds)
    {
        if (!WorkerHost.LogFormats.Contains(logFormat, StringComparer.Ordinal))
        {
            // Only the environment can get here (--log-format accepts only these): name the variable.
            Console.Error.WriteLine($"error: run: Logging__Console__FormatterName is '{logFormat}', not a log format; set it to one of {string.Join(", ", WorkerHost.LogFormats)} (or pass --log-format).");
            return CommandErrors.BadConfiguration;
        }

        if (RunOptionChecks.Problem(bootstrapOverride, instanceId, commitIntervalMs, listenOverride, modelPollSeconds) is { } problem)
        {
            return BadConfiguration(logFormat, problem);
        }

        TopologyDefinition topology;
        try
        {
            topology = TopologyLoader.Load(topologyFile.FullName);
        }
        catch (Exception exception) when (exception is TopologyException or IOException)
        {
            return BadConfiguration(logFormat, exception.Message);
        }

        var commitInterval = TimeSpan.FromMilliseconds(commitIntervalMs);
        var modelPoll = TimeSpan.FromSeconds(modelPollSeconds);
        var settings = new RunSettings
        {
            Topology = topology,
            BootstrapOverride = bootstrapOverride,
            InstanceId = instanceId,
            CommitInterval = commitInterval,
            ListenOverride = listenOverride,
            ModelWatch = new Models.ModelWatchOptions { PollInterval = modelPoll, Debounce = modelPoll < TimeSpan.FromSeconds(4) ? modelPoll / 2 : TimeSpan.FromSeconds(2) },
        };
        using var host = WorkerHost.Build(settings, logFormat);
        var outcome = host.Services.GetRequiredService<RunOutcome>();
        host.Run(); // returns after SIGTERM/Ctrl-C (or a fatal error) and the graceful stop
        return outcome.ExitCode;
    }

    // Before the host exists: logged in the host's format (--log-format), so a JSON pipeline gets JSON; exit code 2.
    private static int BadConfiguration(string logFormat, string problem)
    {
        using (var loggers = WorkerHost.CreatePreHostLoggerFactory(logFormat))
        {
            RunLog.BadConfiguration(loggers.CreateLogger(typeof(RunCommand).FullName!), problem);
        }

        return CommandErrors.BadConfiguration;
    }
}
