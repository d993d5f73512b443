using System.CommandLine;
using System.Reactive.Linq;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline;
using StreamClassifier.Worker.Offline;

namespace StreamClassifier.Worker.Commands;

/// <summary>
/// <c>streamclassifier preprocess</c>: the filtered continuous signal of a recorded CSV, through each
/// sensor's stream rule (channel selection and filter chain, state kept per sensor), as CSV.
/// </summary>
internal static class PreprocessCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var topology = CommonOptions.Topology();
        var input = CommonOptions.Input("Recording: CSV with header sensor,t_ms,ch0[,ch1,...], one row per sample.");
        var output = CommonOptions.Output("CSV file to write, same format as the input (appears only when the run succeeds).");
        var command = new Command("preprocess", "Filter a recorded CSV with the topology's filter chains; writes the filtered signal as CSV.")
        {
            topology, input, output,
        };
        command.SetAction(parse => CommandErrors.Run(() => Run(
            parse.GetRequiredValue(topology).FullName,
            parse.GetRequiredValue(input).FullName,
            parse.GetRequiredValue(output).FullName,
            Console.Out)));
        return command;
    }

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(string topologyPath, string inputPath, string outputPath, TextWriter report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var topology = TopologyLoader.Load(topologyPath);
        var channelCounts = topology.Streams.Select(stream => stream.Channels.Count).Distinct().ToList();
        if (channelCounts.Count > 1)
        {
            throw new TopologyException($"{topologyPath}: preprocess writes one CSV, so every stream must select the same number of channels; they select {string.Join(", ", topology.Streams.Select(stream => $"'{stream.Name}' {stream.Channels.Count}"))}. Use a topology with one channel layout.");
        }

        using var pipeline = new ClassificationPipeline(topology, new Dictionary<string, Core.Scoring.IWindowScorer>(), OfflineClock.Create());
        var reader = OfflineInput.OpenCsv(inputPath, topology);
        using var file = new AtomicOutputFile(outputPath);
        FilteredCsvWriter? writer = null;
        try
        {
            pipeline.Preprocess(OfflineInput.Chunks(reader))
                .ForEachAsync(chunk =>
                {
                    // The header needs the input's channel names, known once the reader has read it.
                    writer ??= new FilteredCsvWriter(file.Stream, ChannelNames(topology, reader.ChannelNames));
                    writer.Write(chunk);
                })
                .GetAwaiter()
                .GetResult();
            writer ??= new FilteredCsvWriter(file.Stream, ChannelNames(topology, reader.ChannelNames));
        }
        finally
        {
            writer?.Dispose();
        }

        file.Commit();
        report.WriteLine(OfflineSummary.Describe(reader.RowsRead, pipeline.Counters.Snapshot(), outputPath));
        return CommandErrors.Success;
    }

    // Selected input columns keep their names when every stream selects the same ones.
    private static List<string> ChannelNames(TopologyDefinition topology, IReadOnlyList<string> inputNames)
    {
        var selections = topology.Streams.Select(stream => string.Join(',', stream.Channels)).Distinct().Count();
        var first = topology.Streams[0].Channels;
        return selections == 1 && first.All(index => index < inputNames.Count)
            ? first.Select(index => inputNames[index]).ToList()
            : Enumerable.Range(0, first.Count).Select(index => $"ch{index}").ToList();
    }
}
