using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using StreamClassifier.Core.Topology;
using StreamClassifier.Worker.Bench;
using StreamClassifier.Worker.Models;

namespace StreamClassifier.Worker.Commands;

/// <summary>
/// <c>streamclassifier bench</c>: throughput of the offline pipeline on generated signals against
/// the scorer-alone ceiling for the same model and batch size, measured in the same run; with
/// <c>--source kafka</c> through a broker and the real worker; with <c>--latency</c>, the worker's
/// latency at a fraction of its capacity.
/// </summary>
internal static class BenchCommand
{
    /// <summary>The topology <c>bench --latency</c> measures unless <c>--topology</c> says otherwise.</summary>
    public const string LatencyDefaultTopology = "topologies/ecg-demo.yaml";

    /// <summary>Sensors <c>bench --latency</c> publishes for unless <c>--sensors</c> says otherwise.</summary>
    public const int LatencySensors = 200;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var topology = CommonOptions.Topology();
        topology.Required = false; // bench --latency defaults to the demo topology
        topology.Description += $" Required, except with --latency ({LatencyDefaultTopology}).";
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text.", DefaultValueFactory = _ => false };
        var sensors = new Option<int?>("--sensors") { Description = $"Sensors to generate (default {new BenchSettings().Sensors}; {LatencySensors} with --latency)." }.AtLeast(1);
        var windows = new Option<int>("--windows") { Description = "Windows to score per round.", DefaultValueFactory = _ => new BenchSettings().Windows }.AtLeast(1);
        var chunk = new Option<int>("--chunk") { Description = "Samples per generated record.", DefaultValueFactory = _ => new BenchSettings().ChunkSize }.AtLeast(1);
        var rounds = new Option<int>("--rounds") { Description = "Measured rounds (medians are reported).", DefaultValueFactory = _ => new BenchSettings().Rounds }.AtLeast(1);
        var source = new Option<string>("--source") { Description = "offline (pipeline alone) or kafka (the worker consuming a pre-filled topic from a broker in another process).", DefaultValueFactory = _ => "offline" };
        source.AcceptOnlyFromAmong("offline", "kafka");
        var bootstrap = new Option<string?>("--bootstrap") { Description = "With --source kafka: an existing broker; default starts `streamclassifier broker` as a child process." }.NotBlank("localhost:9092");
        var partitions = new Option<int?>("--partitions") { Description = "With --source kafka: partitions of the pre-filled topic (default: sized to ≈ 1.5 MiB of records each, as the embedded broker keeps only 5 MiB per partition)." }.AtLeast(1);
        var latency = new Option<bool>("--latency") { Description = "Latency at a fraction of capacity: measures the worker's capacity (one --source kafka round, or --capacity), publishes to a broker child paced at --fraction of it, and reports p50/p99/max from record received to window scored and to alert acknowledged." };
        var capacity = new Option<double?>("--capacity") { Description = "With --latency: the capacity in windows/s, instead of measuring it." }.Positive();
        var fraction = new Option<double>("--fraction") { Description = "With --latency: the share of capacity to publish at.", DefaultValueFactory = _ => new LatencyPacing().Fraction }.AtLeast(0.01, " (a share of capacity, e.g. 0.5)");
        var seconds = new Option<double>("--seconds") { Description = "With --latency: how long to publish (the first 5 s are warm-up).", DefaultValueFactory = _ => new LatencyPacing().Seconds }.AtLeast(6.0, " (the first 5 s are warm-up)");
        var command = new Command("bench", "Measure pipeline throughput on generated signals against the scorer-alone ceiling.")
        {
            topology, json, sensors, windows, chunk, rounds, source, bootstrap, partitions, latency, capacity, fraction, seconds,
        };
        BenchSettings Settings(ParseResult parse) => new(parse.GetValue(sensors) ?? (parse.GetValue(latency) ? LatencySensors : new BenchSettings().Sensors), parse.GetValue(windows), parse.GetValue(chunk), parse.GetValue(rounds));
        string TopologyPath(ParseResult parse) => parse.GetValue(topology)?.FullName
            ?? (parse.GetValue(latency) ? LatencyDefaultTopology : throw new ArgumentException("bench needs --topology (a topology YAML file, e.g. topologies/bench-example2.yaml)."));
        command.SetAction(parse => parse.GetValue(latency)
            ? CommandErrors.Run(() => RunLatency(TopologyPath(parse), Settings(parse), new LatencyPacing(parse.GetValue(capacity), parse.GetValue(fraction), parse.GetValue(seconds)), parse.GetValue(bootstrap), parse.GetValue(json), Console.Out))
            : parse.GetValue(source) == "kafka"
            ? CommandErrors.Run(() => RunKafka(
                TopologyPath(parse),
                Settings(parse),
                parse.GetValue(bootstrap),
                parse.GetValue(partitions),
                parse.GetValue(json),
                Console.Out))
            : CommandErrors.Run(() => Run(
            TopologyPath(parse),
            Settings(parse),
            parse.GetValue(json),
            Console.Out)));
        return command;
    }

    /// <summary>Runs <c>bench --latency</c> (see <see cref="KafkaLatency"/>); returns the exit code.</summary>
    public static int RunLatency(string topologyPath, BenchSettings settings, LatencyPacing pacing, string? bootstrap, bool json, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(pacing);
        if (settings.Sensors < 1 || settings.Rounds < 1 || pacing.Problem() is not null)
        {
            throw new ArgumentException(pacing.Problem() ?? $"bench --latency needs --sensors ≥ 1 and --rounds ≥ 1; got {settings}.");
        }

        var topology = TopologyLoader.Load(topologyPath);
        using var scorers = TopologyScorers.Load(topology);
        var stream = topology.Streams.FirstOrDefault(candidate => scorers.ByStream.ContainsKey(candidate.Name))
            ?? throw new TopologyException($"{topologyPath}: bench needs a stream with a model; none of its streams has one.");
        return KafkaLatency.Run(topology, stream, scorers.ByStream[stream.Name], settings, pacing, bootstrap, json, output);
    }

    /// <summary>Runs <c>bench --source kafka</c> (see <see cref="KafkaThroughput"/>); returns the exit code.</summary>
    public static int RunKafka(string topologyPath, BenchSettings settings, string? bootstrap, int? partitions, bool json, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Sensors < 1 || settings.Windows < settings.Sensors || settings.ChunkSize < 1 || partitions is < 1)
        {
            throw new ArgumentException($"bench --source kafka needs --sensors ≥ 1, --windows ≥ --sensors, --chunk ≥ 1 and --partitions ≥ 1; got {settings}, partitions {partitions}.");
        }

        var topology = TopologyLoader.Load(topologyPath);
        using var scorers = TopologyScorers.Load(topology);
        var stream = topology.Streams.FirstOrDefault(candidate => scorers.ByStream.ContainsKey(candidate.Name))
            ?? throw new TopologyException($"{topologyPath}: bench needs a stream with a model; none of its streams has one.");
        return KafkaThroughput.Run(topology, stream, scorers.ByStream[stream.Name], settings, bootstrap, partitions, json, output);
    }

    /// <summary>Runs the benchmark and prints the result; returns the exit code.</summary>
    public static int Run(string topologyPath, BenchSettings settings, bool json, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        if (settings.Sensors < 1 || settings.Windows < settings.Sensors || settings.ChunkSize < 1 || settings.Rounds < 1)
        {
            throw new ArgumentException($"bench needs --sensors ≥ 1, --windows ≥ --sensors, --chunk ≥ 1 and --rounds ≥ 1; got {settings}.");
        }

        var topology = TopologyLoader.Load(topologyPath);
        using var scorers = TopologyScorers.Load(topology);
        var stream = topology.Streams.FirstOrDefault(candidate => scorers.ByStream.ContainsKey(candidate.Name))
            ?? throw new TopologyException($"{topologyPath}: bench needs a stream with a model; none of its streams has one.");
        var scorer = scorers.ByStream[stream.Name];
        var throughput = new OfflineThroughput(topology, stream, scorer, settings);

        // One warm-up round, then alternate so both see the same machine conditions.
        throughput.RunCeiling();
        throughput.RunPipeline();
        var ceilings = new List<double>();
        var passes = new List<PipelinePass>();
        for (var round = 0; round < settings.Rounds; round++)
        {
            ceilings.Add(throughput.RunCeiling());
            passes.Add(throughput.RunPipeline());
        }

        var result = BenchResult.From(topology, stream, scorer, throughput, settings, ceilings, passes) with
        {
            Streaming = StreamingComparison.Measure(scorer, topology.Batching.MaxBatch, settings),
        };
        output.WriteLine(json ? JsonSerializer.Serialize(result, BenchResult.JsonOptions) : result.Describe());
        return CommandErrors.Success;
    }
}
