using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StreamClassifier.Core.Recordings;
using StreamClassifier.Core.Topology;
using StreamClassifier.Worker.Demo;
using StreamClassifier.Worker.Hosting;
using StreamClassifier.Worker.Soak;

namespace StreamClassifier.Worker.Commands;

/// <summary>
/// <c>streamclassifier soak</c>: the worker under a steady fraction of its measured capacity (or an
/// overload) for a given time, sampled every few seconds, with a report, plots and a verdict; exit code 1
/// when the verdict fails. See docs/reliability.md.
/// </summary>
internal static class SoakCommand
{
    private const string DefaultTopology = "topologies/ecg-demo.yaml";
    private const string DefaultData = "samples/mitbih-heldout";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var topology = new Option<string>("--topology", "-t") { Description = "Topology the worker runs; its Kafka bootstrap is replaced by the embedded broker.", DefaultValueFactory = _ => DefaultTopology };
        var data = new Option<string>("--data") { Description = "Folder of annotated WFDB records the sensors play (looped).", DefaultValueFactory = _ => DefaultData };
        var output = new Option<string>("--output", "-o") { Description = "Folder for the report (Markdown, JSON, PNG plots) and the worker's log.", DefaultValueFactory = _ => "out/soak" };
        var profile = new Option<string>("--profile") { Description = "steady: the fraction of capacity for --duration; overload: --duration at the fraction, --overload-factor × capacity for --overload-duration, then the fraction until caught up.", DefaultValueFactory = _ => "steady" };
        profile.AcceptOnlyFromAmong("steady", "overload");
        var duration = new Option<string>("--duration") { Description = "Steady phase (e.g. 60m, 3m).", DefaultValueFactory = _ => "60m" };
        var fraction = new Option<double>("--fraction") { Description = "Steady load as a share of the measured capacity.", DefaultValueFactory = _ => 0.5 };
        var sensors = new Option<int>("--sensors") { Description = "Simulated sensors.", DefaultValueFactory = _ => 200 };
        var interval = new Option<string>("--sample-interval") { Description = "Time between samples of the worker.", DefaultValueFactory = _ => "5s" };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of the source topic (the embedded broker keeps 5 MiB per partition: an overload's backlog needs many).", DefaultValueFactory = _ => 16 };
        var calibration = new Option<int>("--calibration-records") { Description = "Backlog the capacity is measured on.", DefaultValueFactory = _ => 30_000 };
        var capacity = new Option<double?>("--capacity") { Description = "Capacity in records/s instead of measuring it." };
        var overloadFactor = new Option<double>("--overload-factor") { Description = "Overload as a multiple of capacity.", DefaultValueFactory = _ => 3 };
        var overloadDuration = new Option<string>("--overload-duration") { Description = "How long the overload lasts.", DefaultValueFactory = _ => "3m" };
        var recoveryLimit = new Option<string>("--recovery-limit") { Description = "The longest the worker may take to catch up after the overload.", DefaultValueFactory = _ => "10m" };
        var command = new Command("soak", "Run the embedded broker, a producer at a fraction of the worker's measured capacity and the worker (a child process) for a given time; sample its memory, threads, descriptors, lag and alert latency; write a report with plots and a verdict (exit code 1 when it fails).")
        {
            topology, data, output, profile, duration, fraction, sensors, interval, partitions, calibration, capacity, overloadFactor, overloadDuration, recoveryLimit,
            CreateWorker(),
        };
        command.SetAction(parse =>
        {
            using var shutdown = new ShutdownSignal();
            try
            {
                var options = new SoakOptions
                {
                    TopologyPath = parse.GetValue(topology)!,
                    DataDirectory = parse.GetValue(data)!,
                    OutputDirectory = parse.GetValue(output)!,
                    Profile = parse.GetValue(profile) == "overload" ? SoakProfile.Overload : SoakProfile.Steady,
                    Duration = DurationText.Parse(parse.GetValue(duration)!, "--duration"),
                    Fraction = Positive(parse.GetValue(fraction), "--fraction"),
                    Sensors = (int)Positive(parse.GetValue(sensors), "--sensors"),
                    SampleInterval = DurationText.Parse(parse.GetValue(interval)!, "--sample-interval"),
                    Partitions = (int)Positive(parse.GetValue(partitions), "--partitions"),
                    CalibrationRecords = (int)Positive(parse.GetValue(calibration), "--calibration-records"),
                    Capacity = parse.GetValue(capacity) is { } given ? Positive(given, "--capacity") : null,
                    OverloadFactor = Positive(parse.GetValue(overloadFactor), "--overload-factor"),
                    OverloadDuration = DurationText.Parse(parse.GetValue(overloadDuration)!, "--overload-duration"),
                    RecoveryLimit = DurationText.Parse(parse.GetValue(recoveryLimit)!, "--recovery-limit"),
                };
                return Run(options, "streamclassifier " + string.Join(' ', parse.Tokens.Select(token => token.Value)), Console.Out, shutdown.Token);
            }
            catch (FormatException exception)
            {
                Console.Error.WriteLine($"error: {exception.Message}");
                return CommandErrors.BadConfiguration;
            }
        });
        return command;
    }

    /// <summary>Runs the soak and writes its report; 0 when the verdict passes, 1 when it fails, 2 for bad options or configuration, 3 when the run could not complete.</summary>
    public static int Run(SoakOptions options, string commandLine, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        SoakResult? result = null;
        var code = CommandErrors.Run(() =>
        {
            try
            {
                result = SoakRunner.Run(options, output, cancellationToken);
                return CommandErrors.Success;
            }
            catch (ArgumentException exception)
            {
                Console.Error.WriteLine($"error: {exception.Message}");
                return CommandErrors.BadConfiguration;
            }
            catch (InvalidOperationException exception)
            {
                Console.Error.WriteLine($"error: the soak could not complete: {exception.Message}");
                return CommandErrors.Failure;
            }
        });
        if (result is null)
        {
            return code;
        }

        var report = SoakReport.Write(result, commandLine);
        foreach (var check in result.Checks)
        {
            output.WriteLine($"  {(check.Passed ? "pass" : "FAIL")}  {check.Name}: {check.Measured} (bound: {check.Bound})");
        }

        output.WriteLine($"soak: {(result.Passed ? "PASSED" : "FAILED")}; report {report}");
        return result.Passed ? CommandErrors.Success : CommandErrors.BadInput;
    }

    // The worker under test: the run host (same service, telemetry and shutdown) without local alert
    // sinks, so a long soak does not print or write every alert.
    private static Command CreateWorker()
    {
        var topologyOption = new Option<string>("--topology") { Description = "Topology YAML.", Required = true };
        var bootstrap = new Option<string>("--bootstrap") { Description = "Kafka bootstrap servers (the soak's embedded broker).", Required = true };
        var listen = new Option<string>("--listen") { Description = "host:port of /metrics, /healthz and /readyz.", Required = true };
        var instance = new Option<string>("--instance-id") { Description = "Stable id of this worker.", DefaultValueFactory = _ => "soak" };
        var command = new Command("worker", "The worker process a soak starts and samples: the run host without the console and JSONL alert sinks.");
        command.Options.Add(topologyOption);
        command.Options.Add(bootstrap);
        command.Options.Add(listen);
        command.Options.Add(instance);
        command.SetAction(parse =>
        {
            TopologyDefinition topology;
            try
            {
                topology = TopologyLoader.Load(parse.GetValue(topologyOption)!);
            }
            catch (Exception exception) when (exception is TopologyException or IOException or WfdbFormatException)
            {
                Console.Error.WriteLine($"error: {exception.Message}");
                return CommandErrors.BadConfiguration;
            }

            var settings = new RunSettings
            {
                Topology = topology with { Sinks = topology.Sinks with { Console = false, Jsonl = null } },
                BootstrapOverride = parse.GetValue(bootstrap),
                InstanceId = parse.GetValue(instance)!,
                ListenOverride = parse.GetValue(listen),
            };
            using var host = WorkerHost.Build(settings);
            var outcome = host.Services.GetRequiredService<RunOutcome>();
            host.Run();
            return outcome.ExitCode;
        });
        return command;
    }

    private static double Positive(double value, string option) =>
        value > 0 && double.IsFinite(value) ? value : throw new FormatException($"{option} must be a positive number, got {value}.");
}
