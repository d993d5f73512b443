using System.CommandLine;
using System.Reactive.Linq;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Worker.Models;
using StreamClassifier.Worker.Offline;

namespace StreamClassifier.Worker.Commands;

/// <summary>
/// <c>streamclassifier score</c>: runs the streaming pipeline over a recorded CSV and writes one JSON
/// object per line: each scored window, and each alert event.
/// </summary>
internal static class ScoreCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var topology = CommonOptions.Topology();
        var input = CommonOptions.Input("Recording: CSV with header sensor,t_ms,ch0[,ch1,...], one row per sample.");
        var output = CommonOptions.Output("JSONL file to write (appears only when the run succeeds).");
        var emitWindows = new Option<bool>("--emit-windows")
        {
            Description = "Also write each window's normalised values (an array per channel).",
            DefaultValueFactory = _ => false,
        };
        var command = new Command("score", "Score a recorded CSV offline with the same pipeline the worker runs; writes windows and alerts as JSONL.")
        {
            topology, input, output, emitWindows,
        };
        command.SetAction(parse => CommandErrors.Run(() => Run(
            parse.GetRequiredValue(topology).FullName,
            parse.GetRequiredValue(input).FullName,
            parse.GetRequiredValue(output).FullName,
            parse.GetValue(emitWindows),
            Console.Out)));
        return command;
    }

    /// <summary>Runs the command; returns the exit code. Throws the user-facing errors <see cref="CommandErrors"/> maps.</summary>
    public static int Run(string topologyPath, string inputPath, string outputPath, bool emitWindows, TextWriter report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var topology = TopologyLoader.Load(topologyPath);
        using var scorers = TopologyScorers.Load(topology);
        using var pipeline = new ClassificationPipeline(topology, scorers.ByStream, OfflineClock.Create());
        var reader = OfflineInput.OpenCsv(inputPath, topology);

        using var file = new AtomicOutputFile(outputPath);
        using (var writer = new ScoreLineWriter(file.Stream, emitWindows))
        {
            pipeline.Process(OfflineInput.Chunks(reader))
                .ForEachAsync(evt =>
                {
                    switch (evt)
                    {
                        case WindowScored scored:
                            writer.Write(scored.Score);
                            break;
                        case AlertEmitted alert:
                            writer.Write(alert.Alert);
                            break;
                    }
                })
                .GetAwaiter()
                .GetResult();
        }

        file.Commit();
        var counters = pipeline.Counters.Snapshot();
        report.WriteLine(OfflineSummary.Describe(reader.RowsRead, counters, outputPath));
        return CommandErrors.Success;
    }
}
