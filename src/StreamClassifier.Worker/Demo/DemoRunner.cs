using System.Diagnostics;
using System.Globalization;
using System.Reactive.Concurrency;
using Confluent.Kafka;
using StreamClassifier.Core.Ecg;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Replay;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Onnx;
using StreamClassifier.Onnx.Scoring;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Alerts;
using StreamClassifier.Worker.Demo.Detection;
using StreamClassifier.Worker.Hosting;

namespace StreamClassifier.Worker.Demo;

/// <summary>
/// The embedded demo: starts librdkafka's mock cluster in-process, replays annotated ECG records as
/// one sensor each, runs the Kafka worker with the topology's model on them, shows the run through an
/// <see cref="IDemoView"/>, and scores the alerts against the records' annotations. It stops when
/// everything published was processed, when <see cref="DemoOptions.Duration"/> elapses (the replay
/// stops, what was published is processed) or on cancellation (the replay stops, the worker drains
/// its in-flight records); in every case the worker commits and leaves the group cleanly.
/// </summary>
internal static class DemoRunner
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);

    /// <summary>Loads the topology and records, runs the demo and returns its summary.</summary>
    /// <exception cref="TopologyException">The topology is invalid.</exception>
    /// <exception cref="Core.Recordings.WfdbFormatException">A record is missing or malformed.</exception>
    /// <exception cref="ArgumentException">An option is out of range, or no record was found; the message says which.</exception>
    public static DemoSummary Run(DemoOptions options, IDemoView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(view);
        if (!(options.Speed >= 0) || double.IsInfinity(options.Speed))
        {
            throw new ArgumentException($"--speed is {options.Speed}; give a multiple of real time (e.g. 20), or 0 for as fast as possible.", nameof(options));
        }

        var wall = Stopwatch.StartNew();
        var topology = TopologyLoader.Load(options.TopologyPath);
        var source = topology.Source.Kafka;
        // Whole milliseconds, so alert window times (rounded to ms) map back onto the records exactly.
        var startMs = Math.Floor(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0) * 1000.0;
        var records = LoadRecords(options, startMs);
        var recording = new Recording([.. records.SelectMany(record => record.Chunks).OrderBy(chunk => chunk.T0Ms).ThenBy(chunk => chunk.SensorId, StringComparer.Ordinal)]);
        var monitor = new DemoMonitor(records.ToDictionary(record => record.SensorId, record => (long)record.SampleCount, StringComparer.Ordinal), startMs);
        var model = topology.Streams.Select(stream => stream.Model?.Path).OfType<string>().FirstOrDefault() ?? "no model";
        var status = new DemoStatus
        {
            Speed = options.Speed,
            RecordsToPublish = recording.Chunks.Count,
            Description = string.Create(CultureInfo.InvariantCulture,
                $"{records.Count} record{(records.Count == 1 ? string.Empty : "s")} ({string.Join(", ", records.Select(record => record.SensorId))}), {records.Sum(record => record.DurationSeconds) / 60:0.0} min of ECG, at {(options.Speed > 0 ? $"{options.Speed:0.##}× real time" : "full speed")}; topology {topology.Name}, model {model}"),
        };

        var scorers = new Dictionary<string, IWindowScorer>(StringComparer.Ordinal);
        try
        {
            status.Phase = "loading the model";
            LoadScorers(topology, scorers);

            status.Phase = "starting the embedded broker";
            using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 1);
            foreach (var topic in new[] { source.Topic, source.EffectiveCheckpointTopic, topology.Sinks.AlertsTopic, topology.Sinks.DeadLetterTopic }.OfType<string>().Distinct(StringComparer.Ordinal))
            {
                cluster.CreateTopic(topic, partitions: 4);
            }

            return RunOnCluster(options, view, topology, records, recording, monitor, status, scorers, cluster.BootstrapServers, wall, cancellationToken);
        }
        finally
        {
            foreach (var scorer in scorers.Values)
            {
                scorer.Dispose();
            }
        }
    }

    /// <summary>The demo's records (those asked for, else every annotated record in the data folder), each published as its own sensor.</summary>
    private static List<DemoRecord> LoadRecords(DemoOptions options, double startMs)
    {
        var names = options.Records.Count > 0 ? options.Records : DemoRecord.Available(options.DataDirectory);
        if (names.Count == 0)
        {
            throw new ArgumentException($"No annotated WFDB records (.hea with .atr) in {Path.GetFullPath(options.DataDirectory)}. Run from the repository root (the demo data is in samples/mitbih-heldout) or pass --data.", nameof(options));
        }

        var records = names.Select(name => DemoRecord.Load(options.DataDirectory, name, startMs, options.SamplesPerRecord, options.MaxSignal)).ToList();
        var duplicate = records.GroupBy(record => record.SensorId).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Record {duplicate.First().Name} is listed twice in --records.", nameof(options));
        }

        return records;
    }

    /// <summary>Loads a scorer for every stream with a model into <paramref name="scorers"/> (which the caller disposes, also after a failure).</summary>
    private static void LoadScorers(TopologyDefinition topology, Dictionary<string, IWindowScorer> scorers)
    {
        for (var index = 0; index < topology.Streams.Count; index++)
        {
            if (topology.Streams[index].Model is not null)
            {
                scorers[topology.Streams[index].Name] = OnnxWindowScorer.LoadForStream(topology, index);
            }
        }
    }

    private static DemoSummary RunOnCluster(
        DemoOptions options, IDemoView view, TopologyDefinition topology, List<DemoRecord> records, Recording recording, DemoMonitor monitor,
        DemoStatus status, Dictionary<string, IWindowScorer> scorers, string bootstrap, Stopwatch wall, CancellationToken cancellationToken)
    {
        var source = topology.Source.Kafka;
        using var scheduler = new EventLoopScheduler(start => new Thread(start) { Name = "demo-pipeline-timers", IsBackground = true });
        using var pipeline = new ClassificationPipeline(topology, scorers, scheduler);
        var workerOptions = new KafkaWorkerOptions
        {
            BootstrapServers = bootstrap,
            InstanceId = "demo",
            Logger = new LineLogger(monitor.OnLog),
            RecordReceived = monitor.OnRecordReceived,
            PipelineEventObserved = monitor.OnPipelineEvent,
            AlertDelivered = monitor.OnAlertDelivered,
        };

        status.Phase = "joining the consumer group";
        using var run = KafkaWorkerRun.Start(topology, pipeline, workerOptions, threadName: "demo-kafka-poll");
        var worker = run.Worker;
        string? WorkerError() => run.Completion is { IsCompletedSuccessfully: true, Result.Fatal: { } fatal } ? fatal : run.Completion.Exception?.InnerException?.Message;
        using var replay = new DemoReplay(bootstrap, recording, source, options.Speed, status, cancellationToken);
        var loop = new DemoRunLoop(options, status, monitor, run, replay, Refresh, cancellationToken);
        try
        {
            WaitFor(() => worker.AssignedPartitions.Count > 0 || run.HasStopped || cancellationToken.IsCancellationRequested, options.WaitLimit);
            if (worker.AssignedPartitions.Count == 0 && !run.HasStopped && !cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException($"The worker got no partition of {source.Topic} from the embedded broker within {options.WaitLimit.TotalSeconds:0} s.");
            }

            status.Phase = "replaying";
            status.StartReplayClock();
            replay.Start();

            // The view calls the loop between redraws; the loop decides when the run is over.
            view.Show(monitor, status, loop.Step);
        }
        finally
        {
            status.Phase = "stopping";
            replay.Stop();

            // The worker drains its in-flight records, checkpoints, commits and leaves the group; disposing
            // flushes the alert producer, so every acknowledgement has been counted after this.
            run.Stop(Timeout.InfiniteTimeSpan);
            run.Dispose();
        }

        var error = WorkerError() ?? replay.Error?.Message;
        return Summarise(options, records, monitor, worker, error is null ? loop.Stop : DemoStop.Failed, error, replay.Published, wall, Decisions(topology, scorers, records));
    }

    // The window size and threshold that decide the demo sensors' beats: those of the stream their sensors match.
    private static (int WindowSize, double Threshold) Decisions(TopologyDefinition topology, IReadOnlyDictionary<string, IWindowScorer> scorers, List<DemoRecord> records)
    {
        var stream = records.Select(record => topology.FindStream(record.SensorId)).OfType<StreamSpec>().FirstOrDefault();
        if (stream is null)
        {
            return (1, AlertPolicySettings.DefaultThreshold);
        }

        var card = scorers.TryGetValue(stream.Name, out var scorer) ? scorer.Card : null;
        return (stream.Window.Size, AlertPolicySettings.Resolve(stream.Alert, card, stream.Name).Threshold);
    }

    // Beats of the processed signal, each decided by the window whose centre is nearest (the figure docs/ecg-results.md reports).
    private static BeatFigures BeatLevel(DemoRecord record, IReadOnlyList<(long Start, double Score)> windows, long samplesProcessed, (int WindowSize, double Threshold) decisions)
    {
        var beats = ClassifiedBeat.From(record.Annotations.Where(annotation => annotation.SampleIndex < samplesProcessed));
        var calledV = BeatMapping.Decide(beats, [.. windows.Select(window => window.Start)], [.. windows.Select(window => window.Score)], decisions.WindowSize, decisions.Threshold);
        return BeatFigures.From(BeatCounts.Of(beats, calledV));
    }

    private static DemoSummary Summarise(DemoOptions options, List<DemoRecord> records, DemoMonitor monitor, KafkaWorker worker, DemoStop stop, string? error, long published, Stopwatch wall, (int WindowSize, double Threshold) decisions)
    {
        var progress = monitor.Sensors().ToDictionary(sensor => sensor.SensorId, StringComparer.Ordinal);
        var sensors = new List<SensorSummary>();
        foreach (var record in records.OrderBy(record => record.SensorId, StringComparer.Ordinal))
        {
            var sensor = progress[record.SensorId];
            var signalSeconds = sensor.SamplesProcessed / record.SampleRateHz;
            var episodes = VentricularEpisodes.Find(record.Annotations, record.SampleRateHz, options.EpisodeGapSeconds, sensor.SamplesProcessed);
            var spans = AlertSpan.Pair(monitor.AlertsOf(record.SensorId).Select(alert => (alert.Raised, alert.WindowStartSeconds, alert.WindowEndSeconds)), signalSeconds);
            var beats = BeatLevel(record, monitor.WindowScoresOf(record.SensorId), sensor.SamplesProcessed, decisions);
            sensors.Add(new SensorSummary(record.SensorId, sensor.SamplesProcessed, sensor.WindowsScored, sensor.AlertsCleared, DetectionScorer.Score(episodes, spans, signalSeconds, options.ToleranceSeconds)) { Beats = beats });
        }

        return new DemoSummary
        {
            StoppedBy = stop,
            Error = error,
            Speed = options.Speed,
            WallSeconds = wall.Elapsed.TotalSeconds,
            Sensors = sensors,
            RecordsPublished = published,
            RecordsConsumed = worker.Counters.Consumed,
            DeadLettered = worker.Counters.DeadLettered,
            AlertsAcknowledged = worker.Counters.AlertsAcknowledged,
            EpisodeGapSeconds = options.EpisodeGapSeconds,
            ToleranceSeconds = options.ToleranceSeconds,
            ProcessingSeconds = monitor.ProcessingTime.TotalSeconds,
            WindowLatency = LatencySummary.Of([.. monitor.WindowLatenciesMs()]),
            AlertLatency = LatencySummary.Of([.. monitor.AlertLatenciesMs()]),
        };
    }

    private static void WaitFor(Func<bool> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }
    }
}
