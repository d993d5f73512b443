using System.Diagnostics;
using System.Globalization;
using System.Reactive.Concurrency;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using System.Reactive.Linq;
using System.Text.Json;
using StreamClassifier.Kafka.Codecs;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Replay;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Pipeline;
using StreamClassifier.Worker.Hosting;
using StreamClassifier.Worker.Offline;

namespace StreamClassifier.Worker.Bench;

/// <summary>
/// <c>bench --source kafka</c>: the worker consuming a pre-filled topic from a broker in another
/// process (a <c>streamclassifier broker</c> child unless <c>--bootstrap</c> is given), measured from
/// the first record consumed to the last chunk completed, with the scorer-alone ceiling for the same
/// windows measured in the same run.
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
    /// <param name="settings">Sensors, windows, record size, seed.</param>
    /// <param name="bootstrap">An existing broker, or null to start <c>streamclassifier broker</c> as a child process.</param>
    /// <param name="partitions">Partitions of the source topic; null sizes them from the data (≈ 1.5 MiB each).</param>
    /// <param name="json">Print one JSON object instead of text.</param>
    /// <param name="output">Where the result goes.</param>
    public static int Run(TopologyDefinition topology, StreamSpec stream, IWindowScorer scorer, BenchSettings settings, string? bootstrap, int? partitions, bool json, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var windowsPerSensor = Math.Max(1, settings.Windows / settings.Sensors);
        var samplesPerSensor = stream.Window.Size + ((windowsPerSensor - 1) * stream.Window.Hop);
        var prefix = stream.Sensors.Replace("*", "bench-", StringComparison.Ordinal).Replace('?', 'x');
        var chunks = SyntheticSignals.Generate(prefix, settings.Sensors, samplesPerSensor, stream.Channels.Max() + 1, stream.SampleRateHz, settings.ChunkSize, settings.Seed, SampleDecimals);
        var recordBytes = chunks.Sum(chunk => (long)JsonSensorRecordCodec.Encode(chunk).Length);
        var partitionCount = partitions ?? (int)Math.Clamp((recordBytes + TargetBytesPerPartition - 1) / TargetBytesPerPartition, 4, 256);
        var expectedWindows = (long)windowsPerSensor * settings.Sensors;
        var samples = (long)samplesPerSensor * settings.Sensors;
        var run = Guid.NewGuid().ToString("N")[..8];
        var topic = $"bench.{run}.sensors";
        var warmUpTopic = $"bench.{run}.warmup";
        // The warm-up run: the same worker path over the first records (other sensors' state, another group), so the timed run starts JIT-compiled.
        var warmUpChunks = chunks.Take(Math.Min(chunks.Count / 2, 4000)).ToList();
        var group = $"bench-{run}";
        var loadBefore = LoadAverage();

        Process? broker = null;
        try
        {
            if (bootstrap is null)
            {
                (broker, bootstrap) = StartBroker(partitionCount, topic, warmUpTopic, $"{group}.checkpoints", $"{group}-warmup.checkpoints", $"bench.{run}.alerts");
            }

            var warnings = new List<string>();
            new ReplayPublisher(bootstrap) { Warning = warnings.Add }.Publish(new Recording(warmUpChunks), warmUpTopic, RecordFormat.Json, 0, null, CancellationToken.None);
            new ReplayPublisher(bootstrap) { Warning = warnings.Add }.Publish(new Recording(chunks), topic, RecordFormat.Json, 0, null, CancellationToken.None);
            var logs = PartitionLogs.Query(bootstrap, topic, PartitionLogs.PartitionsOf(bootstrap, topic, TimeSpan.FromSeconds(10)), TimeSpan.FromSeconds(10));
            if (logs.Sum(log => log.Count) != chunks.Count || warnings.Count > 0)
            {
                // Without this check the worker would wait for records the broker no longer has (the old stall).
                output.WriteLine($"bench: the broker holds {logs.Sum(log => log.Count)} of the {chunks.Count} records published ({recordBytes / 1e6:0.0} MB over {logs.Count} partitions): {string.Join(" ", warnings)} Use more partitions (--partitions) or fewer windows.");
                return 1;
            }

            WarmUp(topology, stream, scorer, chunks);
            var warmUpRun = RunWorker(topology, stream, scorer, bootstrap, warmUpTopic, $"{group}-warmup", $"bench.{run}.alerts", warmUpChunks.Count);
            if (warmUpRun.Failure is not null)
            {
                output.WriteLine($"bench: the warm-up run failed: {warmUpRun.Failure}");
                return 1;
            }

            var ceilingBefore = ScorerCeiling.Measure(scorer, topology.Batching.MaxBatch, expectedWindows, warmUp: true);
            var brokerCpuAtStart = broker?.TotalProcessorTime ?? TimeSpan.Zero;
            var measured = RunWorker(topology, stream, scorer, bootstrap, topic, group, $"bench.{run}.alerts", chunks.Count);
            if (measured.Failure is not null)
            {
                output.WriteLine($"bench: {measured.Failure}");
                return 1;
            }

            var windows = measured.Windows;
            var ceilingAfter = ScorerCeiling.Measure(scorer, topology.Batching.MaxBatch, windows, warmUp: true);
            var seconds = measured.Seconds;
            var cpu = measured.Cpu;
            var result = new KafkaBenchResult
            {
                Topology = topology.Name,
                Model = scorer.Card is { } card ? $"{card.Name} v{card.Version}" : Path.GetFileName(stream.Model?.Path ?? "?"),
                Batch = topology.Batching.MaxBatch,
                Window = $"{stream.Window.Size}/{stream.Window.Hop}",
                Sensors = settings.Sensors,
                ChunkSamples = settings.ChunkSize,
                Records = chunks.Count,
                RecordMegabytes = Math.Round(recordBytes / 1e6, 1),
                Partitions = logs.Count,
                Samples = samples,
                Windows = windows,
                Seconds = Math.Round(seconds, 3),
                RecordsPerSecond = Math.Round(chunks.Count / seconds),
                SamplesPerSecond = Math.Round(samples / seconds),
                WindowsPerSecond = Math.Round(windows / seconds),
                CeilingWindowsPerSecondBefore = Math.Round(expectedWindows / ceilingBefore.Seconds),
                CeilingWindowsPerSecondAfter = Math.Round(windows / ceilingAfter.Seconds),
                CpuSecondsPerSecond = Math.Round(cpu.TotalSeconds / seconds, 2),
                WindowsPerCpuSecond = Math.Round(windows / cpu.TotalSeconds),
                CeilingWindowsPerCpuSecond = Math.Round((expectedWindows + windows) / (ceilingBefore.Cpu + ceilingAfter.Cpu).TotalSeconds),
                CeilingCpuSecondsPerSecond = Math.Round((ceilingBefore.Cpu + ceilingAfter.Cpu).TotalSeconds / (ceilingBefore.Seconds + ceilingAfter.Seconds), 2),
                BrokerCpuSeconds = broker is null ? null : Math.Round((broker.TotalProcessorTime - brokerCpuAtStart).TotalSeconds, 2),
                LoadAverageBefore = loadBefore,
                LoadAverageAfter = LoadAverage(),
            };
            output.WriteLine(json ? JsonSerializer.Serialize(result, BenchResult.JsonOptions) : result.Describe(bootstrap));
            return 0;
        }
        finally
        {
            if (broker is { HasExited: false })
            {
                broker.Kill(entireProcessTree: true);
                broker.WaitForExit();
            }

            broker?.Dispose();
        }
    }

    /// <summary>One worker (own pipeline and group) over <paramref name="topic"/> until <paramref name="records"/> records completed (bounded by 2 minutes).</summary>
    private static WorkerRun RunWorker(TopologyDefinition topology, StreamSpec stream, IWindowScorer scorer, string bootstrap, string topic, string group, string alertsTopic, int records)
    {
        var benchTopology = topology with
        {
            Source = new SourceSpec { Kafka = topology.Source.Kafka with { Bootstrap = bootstrap, Topic = topic, Group = group, CheckpointTopic = null } },
            Sinks = new SinksSpec { AlertsTopic = alertsTopic },
        };
        using var scheduler = new EventLoopScheduler();
        using var pipeline = new ClassificationPipeline(benchTopology, new Dictionary<string, IWindowScorer> { [stream.Name] = scorer }, scheduler);
        using var run = KafkaWorkerRun.Start(benchTopology, pipeline, new KafkaWorkerOptions { BootstrapServers = bootstrap, InstanceId = group, Logger = new LineLogger(Console.Error.WriteLine) });
        var worker = run.Worker;
        var clock = new Stopwatch();
        var cpuAtStart = TimeSpan.Zero;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (worker.Counters.ChunksCompleted < records && !run.HasStopped && DateTime.UtcNow < deadline)
        {
            if (!clock.IsRunning && worker.Counters.Consumed > 0)
            {
                clock.Start();
                cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
            }

            Thread.Sleep(5); // sampling the counters, not synchronising: the measurement's resolution (±5 ms of runs of several seconds); 1 ms cost ~2 % of a core in wake-ups
        }

        clock.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart;
        var report = run.Stop(Timeout.InfiniteTimeSpan);
        if (report?.Fatal is not null || worker.Counters.ChunksCompleted < records)
        {
            return new WorkerRun(0, cpu, 0, $"the worker completed {worker.Counters.ChunksCompleted} of {records} records: {report?.Fatal ?? "timed out after 2 minutes"}; {worker.Counters}; in flight {worker.InFlight}; pipeline windows scored {pipeline.Counters.WindowsScored}, records {pipeline.Counters.Records}.");
        }

        return new WorkerRun(clock.Elapsed.TotalSeconds, cpu, pipeline.Counters.WindowsScored, null);
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

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    private static (Process Broker, string Bootstrap) StartBroker(int partitions, params string[] topics)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(KafkaThroughput).Assembly.Location);
        }

        foreach (var argument in new[] { "broker", "--brokers", "1", "--partitions", partitions.ToString(CultureInfo.InvariantCulture) }.Concat(topics.SelectMany(t => new[] { "--topic", t })))
        {
            info.ArgumentList.Add(argument);
        }

        var broker = Process.Start(info) ?? throw new InvalidOperationException("Could not start the broker process.");
        var line = broker.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        if (line is null || !line.StartsWith("127.0.0.1:", StringComparison.Ordinal))
        {
            broker.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The broker process did not print its address: {line} {broker.StandardError.ReadToEnd()}");
        }

        return (broker, line.Trim());
    }
}

/// <summary>One timed worker run.</summary>
/// <param name="Seconds">First record consumed to last record completed.</param>
/// <param name="Cpu">Process CPU time over the same interval.</param>
/// <param name="Windows">Windows scored.</param>
/// <param name="Failure">Why the run did not complete, if it did not.</param>
internal sealed record WorkerRun(double Seconds, TimeSpan Cpu, long Windows, string? Failure);
