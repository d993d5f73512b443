using System.Diagnostics;
using System.Globalization;
using System.Reactive.Concurrency;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Replay;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Pipeline;

namespace StreamClassifier.Worker.Bench;

/// <summary>
/// <c>bench --source kafka</c>: the worker consuming a pre-filled topic from a broker in another
/// process (a <c>streamclassifier broker</c> child unless <c>--bootstrap</c> is given), measured from
/// the first record consumed to the last chunk completed, with the scorer-alone ceiling for the same
/// windows measured in the same run.
/// </summary>
public static class KafkaThroughput
{
    /// <summary>Runs the measurement and prints it; returns the exit code.</summary>
    public static int Run(TopologyDefinition topology, StreamSpec stream, IWindowScorer scorer, BenchSettings settings, string? bootstrap, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(output);
        var windowsPerSensor = Math.Max(1, settings.Windows / settings.Sensors);
        var samplesPerSensor = stream.Window.Size + ((windowsPerSensor - 1) * stream.Window.Hop);
        var prefix = stream.Sensors.Replace("*", "bench-", StringComparison.Ordinal).Replace('?', 'x');
        var chunks = SyntheticSignals.Generate(prefix, settings.Sensors, samplesPerSensor, stream.Channels.Max() + 1, stream.SampleRateHz, settings.ChunkSize, settings.Seed);
        var expectedWindows = (long)windowsPerSensor * settings.Sensors;
        var run = Guid.NewGuid().ToString("N")[..8];
        var topic = $"bench.{run}.sensors";
        var group = $"bench-{run}";

        Process? broker = null;
        try
        {
            if (bootstrap is null)
            {
                (broker, bootstrap) = StartBroker(topic, $"{group}.checkpoints", $"bench.{run}.alerts");
            }

            new ReplayPublisher(bootstrap).Publish(new Recording(chunks), topic, RecordFormat.Json, 0, null, CancellationToken.None);
            var benchTopology = topology with
            {
                Source = new SourceSpec { Kafka = topology.Source.Kafka with { Bootstrap = bootstrap, Topic = topic, Group = group, CheckpointTopic = null } },
                Sinks = new SinksSpec { AlertsTopic = $"bench.{run}.alerts" },
            };
            using var scheduler = new EventLoopScheduler();
            using var pipeline = new ClassificationPipeline(benchTopology, new Dictionary<string, IWindowScorer> { [stream.Name] = scorer }, scheduler);
            using var worker = new KafkaWorker(benchTopology, pipeline, new KafkaWorkerOptions { BootstrapServers = bootstrap, InstanceId = group, Log = line => Console.Error.WriteLine(line) });
            using var stop = new CancellationTokenSource();
            Exception? failure = null;
            var thread = new Thread(() =>
            {
                try
                {
                    worker.Run(stop.Token);
                }
                catch (InvalidOperationException exception)
                {
                    failure = exception;
                }
            })
            { Name = "kafka-poll" };
            thread.Start();
            var clock = new Stopwatch();
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (worker.Counters.ChunksCompleted < chunks.Count && failure is null && DateTime.UtcNow < deadline)
            {
                if (!clock.IsRunning && worker.Counters.Consumed > 0)
                {
                    clock.Start();
                }

                Thread.Sleep(1); // sampling the counters, not synchronising: the measurement's resolution
            }

            clock.Stop();
            stop.Cancel();
            thread.Join();
            if (failure is not null || worker.Counters.ChunksCompleted < chunks.Count)
            {
                output.WriteLine($"bench: the worker completed {worker.Counters.ChunksCompleted} of {chunks.Count} records: {failure?.Message ?? "timed out after 2 minutes"}; {worker.Counters}; in flight {worker.InFlight}; pipeline windows scored {pipeline.Counters.WindowsScored}, records {pipeline.Counters.Records}.");
                return 1;
            }

            var windows = pipeline.Counters.WindowsScored;
            var ceiling = Ceiling(scorer, topology.Batching.MaxBatch, windows);
            var seconds = clock.Elapsed.TotalSeconds;
            var samples = (long)samplesPerSensor * settings.Sensors;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                bench --source kafka: {chunks.Count} records of {settings.ChunkSize} samples, {settings.Sensors} sensors, broker {bootstrap}
                  worker:  {chunks.Count / seconds,12:N0} records/s  {samples / seconds,14:N0} samples/s  {windows / seconds,10:N0} windows/s  ({seconds:0.000} s, {windows} of {expectedWindows} windows)
                  scorer alone, batch {topology.Batching.MaxBatch}: {windows / ceiling,10:N0} windows/s  → worker at {ceiling / seconds:0.00} of the ceiling
                """));
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

    private static double Ceiling(IWindowScorer scorer, int batchSize, long windows)
    {
        var windowValues = scorer.Channels * scorer.WindowLength;
        var input = new float[batchSize * windowValues];
        var random = new Random(7);
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var probabilities = new float[batchSize];
        scorer.Score(input, batchSize, probabilities); // warm-up
        var clock = Stopwatch.StartNew();
        for (var remaining = windows; remaining > 0; remaining -= batchSize)
        {
            var count = (int)Math.Min(batchSize, remaining);
            scorer.Score(input.AsSpan(0, count * windowValues), count, probabilities.AsSpan(0, count));
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static (Process Broker, string Bootstrap) StartBroker(params string[] topics)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(KafkaThroughput).Assembly.Location);
        }

        foreach (var argument in new[] { "broker", "--brokers", "1", "--partitions", "4" }.Concat(topics.SelectMany(t => new[] { "--topic", t })))
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
