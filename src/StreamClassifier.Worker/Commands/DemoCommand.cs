using System.CommandLine;
using Confluent.Kafka;
using Spectre.Console;
using StreamClassifier.CommandLine;
using StreamClassifier.Core.Models;
using StreamClassifier.Core.Recordings;
using StreamClassifier.Worker.Demo;
using StreamClassifier.Worker.Demo.Detection;

namespace StreamClassifier.Worker.Commands;

/// <summary>
/// <c>streamclassifier demo</c>: the whole product on one machine with no external service (docs/demo.md):
/// the embedded broker, held-out MIT-BIH records replayed as sensors, the worker with the ECG model, a
/// live view, and a summary that scores the alerts against the records' annotations.
/// </summary>
internal static class DemoCommand
{
    private const string DefaultTopology = "topologies/ecg-demo.yaml";
    private const string DefaultData = "samples/mitbih-heldout";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var topology = new Option<string>("--topology", "-t") { Description = "Topology YAML; its Kafka bootstrap is ignored (the demo starts the embedded broker).", DefaultValueFactory = _ => DefaultTopology };
        var data = new Option<string>("--data") { Description = "Folder of annotated WFDB records (.hea, .dat, .atr) to replay.", DefaultValueFactory = _ => DefaultData };
        var records = new Option<string[]>("--records") { Description = "Records to replay, e.g. --records 106 208 (default: every record in --data).", AllowMultipleArgumentsPerToken = true };
        var speed = new Option<double>("--speed") { Description = "Replay speed, a multiple of real time; 0 = as fast as possible.", DefaultValueFactory = _ => 20 }.AtLeast(0.0, " (0 = as fast as possible)");
        var duration = new Option<string?>("--duration") { Description = "Stop the replay after this wall time (e.g. 60s, 2m) and summarise what was processed; default: run until the replay is processed." };
        var maxSignal = new Option<string?>("--max-signal") { Description = "Replay only the first part of each record (e.g. 3m)." };
        var summaryJson = new Option<FileInfo?>("--summary-json") { Description = "Also write the summary as JSON to this file." };
        var plain = new Option<bool>("--plain") { Description = "Plain progress lines instead of the live view (automatic when stdout is not a terminal)." };
        var episodeGap = new Option<double>("--episode-gap") { Description = "Seconds: V beats at most this far apart form one episode.", DefaultValueFactory = _ => VentricularEpisodes.DefaultMaxGapSeconds }.AtLeast(0.0);
        var tolerance = new Option<double>("--tolerance") { Description = "Seconds: an alert within this of an episode detects it.", DefaultValueFactory = _ => DetectionScorer.DefaultToleranceSeconds }.AtLeast(0.0);
        var command = new Command("demo", "Run the embedded demo: broker, replayed ECG records, worker and model, live view, and a summary scored against the annotations.")
        {
            topology, data, records, speed, duration, maxSignal, summaryJson, plain, episodeGap, tolerance,
            CreateExtract(),
        };
        command.SetAction(parse =>
        {
            using var shutdown = new ShutdownSignal();
            return Run(
                () => new DemoOptions
                {
                    TopologyPath = Locate(parse.GetValue(topology)!, DefaultTopology),
                    DataDirectory = Locate(parse.GetValue(data)!, DefaultData),
                    Records = [.. (parse.GetValue(records) ?? []).SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
                    Speed = parse.GetValue(speed),
                    Duration = parse.GetValue(duration) is { } text ? DurationText.Parse(text, "--duration") : null,
                    MaxSignal = parse.GetValue(maxSignal) is { } limit ? DurationText.Parse(limit, "--max-signal") : null,
                    EpisodeGapSeconds = parse.GetValue(episodeGap),
                    ToleranceSeconds = parse.GetValue(tolerance),
                },
                parse.GetValue(plain) || Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive ? new PlainDemoView(Console.Out) : new LiveDemoView(),
                parse.GetValue(summaryJson)?.FullName,
                Console.Out,
                Console.Error,
                shutdown.Token);
        });
        return command;
    }

    private static Command CreateExtract()
    {
        var mitbih = new Option<DirectoryInfo>("--mitbih") { Description = "Folder of the MIT-BIH Arrhythmia Database (e.g. ../shared/datasets/mitbih).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Folder to write the excerpts to.", DefaultValueFactory = _ => DefaultData };
        var card = new Option<string>("--card") { Description = "The demo model's card; every extracted record must be one of its test_records.", DefaultValueFactory = _ => DemoData.DefaultCard };
        var command = new Command("extract", $"Regenerate the demo data: the first {DemoData.ExcerptLength.TotalMinutes:0} minutes of records {string.Join(", ", DemoData.Records)}, patients the demo model never saw (how {DefaultData} was made).")
        {
            mitbih, output, card,
        };
        command.SetAction(parse =>
        {
            try
            {
                var cardPath = parse.GetValue(card)!;
                var modelCard = ModelCard.Parse(File.ReadAllText(cardPath), cardPath);
                foreach (var file in DemoData.Extract(parse.GetRequiredValue(mitbih).FullName, parse.GetValue(output)!, modelCard))
                {
                    Console.Out.WriteLine($"wrote {file}");
                }

                return CommandErrors.Success;
            }
            catch (Exception exception) when (exception is WfdbFormatException or ModelCardException or IOException)
            {
                Console.Error.WriteLine($"error: {exception.Message}");
                return CommandErrors.BadInput;
            }
        });
        return command;
    }

    /// <summary>Runs the demo and prints its summary; returns the exit code (0 also after --duration or Ctrl-C, 3 when the worker failed).</summary>
    public static int Run(Func<DemoOptions> options, IDemoView view, string? summaryJsonPath, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        DemoSummary? summary = null;
        var code = CommandErrors.Run(
            () =>
            {
                try
                {
                    summary = DemoRunner.Run(options(), view, cancellationToken);
                    return CommandErrors.Success;
                }
                catch (Exception exception) when (exception is FormatException or ArgumentException or WfdbFormatException)
                {
                    error.WriteLine($"error: {CommandLineEntry.MessageOf(exception)}");
                    return exception is WfdbFormatException ? CommandErrors.BadInput : CommandErrors.BadConfiguration;
                }
                catch (Exception exception) when (exception is InvalidOperationException or KafkaException)
                {
                    // The embedded broker did not start or hand out partitions: nothing to summarise.
                    error.WriteLine($"error: the demo could not start: {exception.Message}");
                    return CommandErrors.Failure;
                }
            },
            error);
        if (summary is null)
        {
            return code;
        }

        output.WriteLine();
        output.Write(summary.ToText());
        if (summaryJsonPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(summaryJsonPath)) ?? ".");
            File.WriteAllText(summaryJsonPath, summary.ToJson());
            output.WriteLine($"  summary JSON {summaryJsonPath}");
        }

        return summary.StoppedBy == DemoStop.Failed ? CommandErrors.Failure : CommandErrors.Success;
    }

    /// <summary>
    /// A relative default is looked up from the working directory upwards, so the demo also starts from a
    /// subfolder of the clone (e.g. where <c>dotnet run --project</c> was typed); explicit paths are taken as given.
    /// </summary>
    private static string Locate(string path, string defaultPath)
    {
        if (path != defaultPath || Path.Exists(path))
        {
            return path;
        }

        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, path);
            if (Path.Exists(candidate))
            {
                return candidate;
            }
        }

        return path;
    }
}
