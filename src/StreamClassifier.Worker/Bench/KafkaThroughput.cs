using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Text.Json;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Codecs;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Replay;
using StreamClassifier.Pipeline;
using StreamClassifier.Worker.Offline;

namespace StreamClassifier.Worker.Bench;

/// <summary>
/// <c>bench --source kafka</c>: the worker consuming a pre-filled topic from a broker in another
/// process (a <c>streamclassifier broker</c> child unless <c>--bootstrap</c> is given), measured from
/// the first record consumed to the last chunk completed, with the scorer-alone ceiling for the same
/// windows measured just before and just after; <c>--rounds</c> such rounds, each with a fresh worker
/// and group over the same topic, reported with their median and spread.
/// </summary>
internal static class KafkaThroughput
{
    /// <summary>Values are rounded to this many decimals, the resolution of a real sensor (a 12-bit ECG ADC is 5 µV), so the JSON is as long as a real producer's.</summary>
    public const int SampleDecimals = 3;

    /// <summary>Bytes of JSON the bench aims to put in one partition: well under the embedded broker's 5 MiB retention (see <see cref="EmbeddedKafkaCluster.MaxPartitionLogBytes"/>) even when key hashing is uneven.</summary>
    private const long TargetBytesPerPartition = 3L * 512 * 1024;

    /// <summary>Runs the measurement and prints it; returns the exit code.</summary>
    /// <param name="topology">The topology (its model and preprocessing are used; source and sinks are replaced).</param>
    /// <param name="stream">The stream rule the generated sensors match.</param>
    /// <param name="scorer">The stream's scorer.</param>
    /// <param name="settings">Sensors, windows, record size, rounds, seed.</param>
    /// <param name="bootstrap">An existing broker, or null to start <c>streamclassifier broker</c> as a child process.</param>
    /// <param name="partitions">Partitions of the source topic; null sizes them from the data (≈ 1.5 MiB each).</param>
    /// <param name="json">Print one JSON object instead of text.</param>
    /// <param name="output">Where the result goes.</param>
    public static int Run(TopologyDefinition topology, StreamSpec stream, IWindowScorer scorer, BenchSettings settings, string? bootstrap, int? partitions, bool json, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            var (result, broker) = Measure(topology, stream, scorer, settings, bootstrap, partitions);
            output.WriteLine(json ? JsonSerializer.Serialize(result, BenchResult.JsonOptions) : result.Describe(broker));
            return 0;
        }
        catch (BenchFailedException failure)
        {
            output.WriteLine($"bench: {failure.Message}");
            return 1;
        }
    }

    /// <summary>The measurement of <see cref="Run"/>: its rounds and the broker address used.</summary>
    /// <exception cref="BenchFailedException">The topic could not be filled or a worker run did not complete; the message says why.</exception>
    public static (KafkaBenchRounds Result, string Bootstrap) Measure(TopologyDefinition topology, StreamSpec stream, IWindowScorer scorer, BenchSettings settings, string? bootstrap, int? partitions)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(settings);
        var data = BenchTopic.Generate(stream, settings, TargetBytesPerPartition, partitions);
        var run = Guid.NewGuid().ToString("N")[..8];
        var topic = $"bench.{run}.sensors";
        var warmUpTopic = $"bench.{run}.warmup";
        var groups = Enumerable.Range(0, settings.Rounds + 1).Select(round => round == 0 ? $"bench-{run}-warmup" : $"bench-{run}-{round}").ToList();
        using var broker = KafkaBenchBroker.Start(bootstrap, data.Partitions, [topic, warmUpTopic, .. groups.SelectMany(BenchWorker.TopicsOf)]);

        // The warm-up run: the same worker path over the first records (other sensors' state, another group), so the timed runs start JIT-compiled.
        var warmUpChunks = data.Chunks.Take(Math.Min(data.Chunks.Count / 2, 4000)).ToList();
        var warnings = new List<string>();
        new ReplayPublisher(broker.Bootstrap) { Warning = warnings.Add }.Publish(new Recording(warmUpChunks), warmUpTopic, RecordFormat.Json, 0, null, CancellationToken.None);
        new ReplayPublisher(broker.Bootstrap) { Warning = warnings.Add }.Publish(new Recording(data.Chunks), topic, RecordFormat.Json, 0, null, CancellationToken.None);
        var logs = PartitionLogs.Query(broker.Bootstrap, topic, PartitionLogs.PartitionsOf(broker.Bootstrap, topic, TimeSpan.FromSeconds(10)), TimeSpan.FromSeconds(10));
        if (logs.Sum(log => log.Count) != data.Chunks.Count || warnings.Count > 0)
        {
            // Without this check the worker would wait for records the broker no longer has.
            throw new BenchFailedException($"the broker holds {logs.Sum(log => log.Count)} of the {data.Chunks.Count} records published ({data.RecordBytes / 1e6:0.0} MB over {logs.Count} partitions): {string.Join(" ", warnings)} Use more partitions (--partitions) or fewer windows.");
        }

        WarmUp(topology, stream, scorer, data.Chunks);
        var warmUpRun = BenchWorker.Run(topology, stream, scorer, warmUpTopic, groups[0], broker.Bootstrap, warmUpChunks.Count);
        if (warmUpRun.Failure is not null)
        {
            throw new BenchFailedException($"the warm-up run failed: {warmUpRun.Failure}");
        }

        var rounds = groups.Skip(1).Select(group => MeasureRound(topology, stream, scorer, data, topic, group, broker, logs.Count)).ToList();
        return (new KafkaBenchRounds(rounds), broker.Bootstrap);
    }

    /// <summary>One round: the scorer alone, the worker over the whole topic (a fresh group), the scorer alone again.</summary>
    private static KafkaBenchResult MeasureRound(TopologyDefinition topology, StreamSpec stream, IWindowScorer scorer, BenchTopic data, string topic, string group, KafkaBenchBroker broker, int partitions)
    {
        var loadBefore = KafkaBenchBroker.LoadAverage();
        var ceilingBefore = ScorerCeiling.Measure(scorer, topology.Batching.MaxBatch, data.ExpectedWindows, warmUp: true);
        var brokerCpuAtStart = broker.Cpu;
        var measured = BenchWorker.Run(topology, stream, scorer, topic, group, broker.Bootstrap, data.Chunks.Count);
        if (measured.Failure is not null)
        {
            throw new BenchFailedException(measured.Failure);
        }

        var windows = measured.Windows;
        var ceilingAfter = ScorerCeiling.Measure(scorer, topology.Batching.MaxBatch, windows, warmUp: true);
        var (seconds, cpu) = (measured.Seconds, measured.Cpu);
        return new KafkaBenchResult
        {
            Topology = topology.Name,
            Model = scorer.Card is { } card ? $"{card.Name} v{card.Version}" : Path.GetFileName(stream.Model?.Path ?? "?"),
            Batch = topology.Batching.MaxBatch,
            Window = $"{stream.Window.Size}/{stream.Window.Hop}",
            Sensors = data.Settings.Sensors,
            ChunkSamples = data.Settings.ChunkSize,
            Records = data.Chunks.Count,
            RecordMegabytes = Math.Round(data.RecordBytes / 1e6, 1),
            Partitions = partitions,
            Samples = data.Samples,
            Windows = windows,
            Seconds = Math.Round(seconds, 3),
            RecordsPerSecond = Math.Round(data.Chunks.Count / seconds),
            SamplesPerSecond = Math.Round(data.Samples / seconds),
            WindowsPerSecond = Math.Round(windows / seconds),
            CeilingWindowsPerSecondBefore = Math.Round(data.ExpectedWindows / ceilingBefore.Seconds),
            CeilingWindowsPerSecondAfter = Math.Round(windows / ceilingAfter.Seconds),
            CpuSecondsPerSecond = Math.Round(cpu.TotalSeconds / seconds, 2),
            WindowsPerCpuSecond = Math.Round(windows / cpu.TotalSeconds),
            CeilingWindowsPerCpuSecond = Math.Round((data.ExpectedWindows + windows) / (ceilingBefore.Cpu + ceilingAfter.Cpu).TotalSeconds),
            CeilingCpuSecondsPerSecond = Math.Round((ceilingBefore.Cpu + ceilingAfter.Cpu).TotalSeconds / (ceilingBefore.Seconds + ceilingAfter.Seconds), 2),
            BrokerCpuSeconds = broker.Cpu is { } brokerCpu ? Math.Round((brokerCpu - brokerCpuAtStart!.Value).TotalSeconds, 2) : null,
            LoadAverageBefore = loadBefore,
            LoadAverageAfter = KafkaBenchBroker.LoadAverage(),
        };
    }

    /// <summary>JIT-compiles decode, pipeline and scorer paths on throwaway sensors, so the timed run measures steady state.</summary>
    private static void WarmUp(TopologyDefinition topology, StreamSpec stream, IWindowScorer scorer, IReadOnlyList<SampleChunk> chunks)
    {
        var decoder = SensorRecordDecoder.ForTopology(topology);
        var warmUp = chunks.Take(Math.Min(chunks.Count, 400)).ToList();
        foreach (var chunk in warmUp)
        {
            var value = JsonSensorRecordCodec.Encode(chunk);
            decoder.TryDecode(System.Text.Encoding.UTF8.GetBytes(chunk.SensorId), value, RecordContentType.For(RecordFormat.Json), null, out _, out _);
        }

        using var pipeline = new ClassificationPipeline(topology, new Dictionary<string, IWindowScorer> { [stream.Name] = scorer }, OfflineClock.Create());
        pipeline.Process(warmUp.ToObservable(ImmediateScheduler.Instance)).LastOrDefaultAsync().Wait();
    }
}
