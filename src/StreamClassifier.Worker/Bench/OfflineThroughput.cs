using System.Diagnostics;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Worker.Offline;

namespace StreamClassifier.Worker.Bench;

/// <summary>
/// Measures, in one process and interleaved round by round, the offline pipeline's throughput on
/// generated signals and the ceiling: the same scorer alone, scoring the same number of windows in
/// batches of the same size. The ratio of the two is what the pipeline around the scorer costs.
/// </summary>
internal sealed class OfflineThroughput
{
    private readonly TopologyDefinition topology;
    private readonly StreamSpec stream;
    private readonly IWindowScorer scorer;
    private readonly IReadOnlyList<SampleChunk> chunks;
    private readonly int batchSize;

    /// <summary>Prepares the input (not timed).</summary>
    public OfflineThroughput(TopologyDefinition topology, StreamSpec stream, IWindowScorer scorer, BenchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(settings);
        this.topology = topology;
        this.stream = stream;
        this.scorer = scorer;
        batchSize = topology.Batching.MaxBatch;
        var windowsPerSensor = Math.Max(1, settings.Windows / settings.Sensors);
        SamplesPerSensor = stream.Window.Size + ((windowsPerSensor - 1) * stream.Window.Hop);
        var inputChannels = stream.Channels.Max() + 1;
        var prefix = SensorPrefix(stream.Sensors);
        chunks = SyntheticSignals.Generate(prefix, settings.Sensors, SamplesPerSensor, inputChannels, stream.SampleRateHz, settings.ChunkSize, settings.Seed);
        Windows = (long)windowsPerSensor * settings.Sensors;
        Samples = (long)SamplesPerSensor * settings.Sensors;
    }

    /// <summary>Rows per sensor.</summary>
    public int SamplesPerSensor { get; }

    /// <summary>Windows one pipeline pass scores.</summary>
    public long Windows { get; }

    /// <summary>Rows one pipeline pass reads.</summary>
    public long Samples { get; }

    /// <summary>One pass of the pipeline over all chunks; returns the measurement.</summary>
    public PipelinePass RunPipeline()
    {
        using var pipeline = new ClassificationPipeline(topology, new Dictionary<string, IWindowScorer> { [stream.Name] = scorer }, OfflineClock.Create());
        long scored = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        pipeline.Process(chunks.ToObservable(ImmediateScheduler.Instance))
            .ForEachAsync(evt =>
            {
                if (evt is WindowScored)
                {
                    scored++;
                }
            })
            .GetAwaiter()
            .GetResult();
        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        if (scored != Windows)
        {
            throw new InvalidOperationException($"The benchmark expected {Windows} windows but the pipeline scored {scored}: the stream '{stream.Name}' does not take the generated sensors as intended.");
        }

        return new PipelinePass(clock.Elapsed.TotalSeconds, scored, Samples, allocated);
    }

    /// <summary>The scorer alone on the same number of windows, in full batches; returns seconds.</summary>
    public double RunCeiling() => ScorerCeiling.Measure(scorer, batchSize, Windows, warmUp: false).Seconds;

    // A sensor id the stream's glob accepts: the glob with its wildcards filled in.
    private static string SensorPrefix(string glob) => glob.Replace("*", "bench-", StringComparison.Ordinal).Replace('?', 'x');
}

/// <summary>Settings of a throughput run.</summary>
/// <param name="Sensors">Sensors generated.</param>
/// <param name="Windows">Windows to score per pass (split evenly across sensors).</param>
/// <param name="ChunkSize">Samples per record.</param>
/// <param name="Rounds">Measured rounds (after one warm-up round).</param>
/// <param name="Seed">Signal seed.</param>
internal sealed record BenchSettings(int Sensors = 16, int Windows = 16_384, int ChunkSize = 250, int Rounds = 3, int Seed = 42);

/// <summary>One timed pipeline pass.</summary>
/// <param name="Seconds">Wall time.</param>
/// <param name="Windows">Windows scored.</param>
/// <param name="Samples">Rows read.</param>
/// <param name="AllocatedBytes">Bytes the pass allocated on the measuring thread.</param>
internal sealed record PipelinePass(double Seconds, long Windows, long Samples, long AllocatedBytes);
