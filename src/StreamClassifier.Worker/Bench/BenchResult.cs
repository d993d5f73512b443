using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;

namespace StreamClassifier.Worker.Bench;

/// <summary>The outcome of <c>streamclassifier bench</c>: medians over the measured rounds.</summary>
internal sealed record BenchResult : BenchSetup
{
    /// <summary>JSON layout: snake_case names.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Where the input came from (<c>generated</c>).</summary>
    /// <remarks>First in the JSON, before the setup fields, as it always was.</remarks>
    [JsonPropertyOrder(SetupOrder - 1)]
    public string Source { get; init; } = "generated";

    /// <summary>Windows per round.</summary>
    public required long Windows { get; init; }

    /// <summary>Samples per round.</summary>
    public required long Samples { get; init; }

    /// <summary>Measured rounds.</summary>
    public required int Rounds { get; init; }

    /// <summary>Pipeline windows per second (median).</summary>
    public required double WindowsPerS { get; init; }

    /// <summary>Pipeline samples per second (median).</summary>
    public required double SamplesPerS { get; init; }

    /// <summary>Scorer alone, windows per second (median).</summary>
    public required double CeilingWindowsPerS { get; init; }

    /// <summary><see cref="WindowsPerS"/> / <see cref="CeilingWindowsPerS"/>.</summary>
    public required double Ratio { get; init; }

    /// <summary>Bytes allocated per sample by a pipeline round (median; includes windows handed to the scorer).</summary>
    public required double AllocatedBytesPerSample { get; init; }

    /// <summary>Per-round figures, for spread.</summary>
    public required IReadOnlyList<BenchRound> PerRound { get; init; }

    /// <summary>For a model the worker streams: recompute against streaming, scorer alone; absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StreamingBench? Streaming { get; init; }

    /// <summary>Builds the result from the rounds.</summary>
    public static BenchResult From(TopologyDefinition topology, StreamSpec stream, IWindowScorer scorer, OfflineThroughput throughput, BenchSettings settings, IReadOnlyList<double> ceilingSeconds, IReadOnlyList<PipelinePass> passes)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(throughput);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(ceilingSeconds);
        ArgumentNullException.ThrowIfNull(passes);
        var rounds = passes.Select((pass, index) => new BenchRound(
            pass.Windows / pass.Seconds,
            throughput.Windows / ceilingSeconds[index])).ToList();
        var windowsPerS = Median(rounds.Select(round => round.WindowsPerS));
        var ceiling = Median(rounds.Select(round => round.CeilingWindowsPerS));
        return new BenchResult
        {
            Topology = topology.Name,
            Model = $"{scorer.ModelName} v{scorer.ModelVersion}",
            Batch = topology.Batching.MaxBatch,
            Window = string.Create(CultureInfo.InvariantCulture, $"{stream.Window.Size}/{stream.Window.Hop} x {stream.Channels.Count}ch @ {stream.SampleRateHz} Hz"),
            Sensors = settings.Sensors,
            ChunkSamples = settings.ChunkSize,
            Windows = throughput.Windows,
            Samples = throughput.Samples,
            Rounds = passes.Count,
            WindowsPerS = Math.Round(windowsPerS, 1),
            SamplesPerS = Math.Round(Median(passes.Select(pass => pass.Samples / pass.Seconds)), 1),
            CeilingWindowsPerS = Math.Round(ceiling, 1),
            Ratio = Math.Round(windowsPerS / ceiling, 4),
            AllocatedBytesPerSample = Math.Round(Median(passes.Select(pass => (double)pass.AllocatedBytes / pass.Samples)), 3),
            PerRound = rounds,
        };
    }

    /// <summary>A few lines for people.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"""
        topology {Topology}, model {Model}, batch {Batch}, window {Window}
        {Sensors} sensors, {Windows} windows and {Samples} samples per round, {Rounds} rounds (medians)
        pipeline : {WindowsPerS:F0} windows/s, {SamplesPerS:F0} samples/s, {AllocatedBytesPerSample:F2} B allocated per sample
        ceiling  : {CeilingWindowsPerS:F0} windows/s (scorer alone, same model and batch)
        ratio    : {Ratio:F3}
        """) + (Streaming is { } streaming ? string.Create(CultureInfo.InvariantCulture, $"""

        recompute: {streaming.RecomputeWindowsPerS:F0} windows/s, {streaming.RecomputeFlopsPerWindow} FLOP/window, {streaming.RecomputePeakShare:P1} of peak
        streaming: {streaming.StreamingWindowsPerS:F0} windows/s, {streaming.StreamingFlopsPerWindow} FLOP/window, {streaming.StreamingPeakShare:P1} of peak (hop {streaming.Hop}, ×{streaming.Speedup:F2}, max |Δp| {streaming.MaxAbsDifference:G2})
        peak     : {streaming.PeakGflops:F1} GFLOP/s = {streaming.Peak}
        """) : string.Empty);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

/// <summary>One measured round.</summary>
/// <param name="WindowsPerS">Pipeline windows per second.</param>
/// <param name="CeilingWindowsPerS">Scorer-alone windows per second.</param>
internal sealed record BenchRound(double WindowsPerS, double CeilingWindowsPerS);
