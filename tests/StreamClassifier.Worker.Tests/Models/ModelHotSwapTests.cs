using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging;
using StreamClassifier.Core.Models;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Onnx;
using StreamClassifier.Onnx.Cards;
using StreamClassifier.Onnx.Export;
using StreamClassifier.Onnx.Scoring;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Worker.Models;
using StreamClassifier.Worker.Telemetry;

namespace StreamClassifier.Worker.Tests.Models;

/// <summary>
/// Model hot swap: a new model version placed at a stream's path is validated and swapped in without a
/// restart, each window scored exactly once; an invalid one is rejected with a reason and the old one
/// keeps serving. Two tiny ONNX graphs that output different constants make the models distinguishable.
/// </summary>
public sealed class ModelHotSwapTests : IDisposable
{
    private const int WindowSize = 8;
    private static readonly DateTimeOffset Epoch = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
    private readonly string folder = Path.Combine(Path.GetTempPath(), "sc-hotswap-" + Guid.NewGuid().ToString("N"));
    private readonly ListLogger log = new();

    public ModelHotSwapTests()
    {
        Directory.CreateDirectory(folder);
        WriteModel(ModelPath, score: 0.2f, version: "1");
        File.WriteAllText(TopologyPath, $$"""
            name: hotswap-test
            source:
              kafka: {bootstrap: embedded, topic: sensors, group: test}
            batching: {max_batch: 4, max_delay_ms: 5}
            streams:
              - name: ecg
                sensors: "ecg-*"
                sample_rate_hz: 100
                channels: [0]
                window: {size: {{WindowSize}}, hop: {{WindowSize}}}
                normalize: none
                model: {path: model.onnx}
                alert: {raise_after: 1, of_last: 1, clear_after: 1}
            """);
    }

    private string ModelPath => Path.Combine(folder, "model.onnx");

    private string TopologyPath => Path.Combine(folder, "topology.yaml");

    [Fact]
    public void A_new_version_swaps_in_mid_stream_and_every_window_is_scored_exactly_once()
    {
        using var run = new Run(TopologyPath, log);
        for (var chunk = 0; chunk < 10; chunk++)
        {
            run.Push("ecg-1", chunk, rows: 12);
            run.Push("ecg-2", chunk, rows: 12);
            if (chunk == 4)
            {
                // Windows are waiting in a partial batch right now: they go to whichever model scores the next batch.
                Assert.True(run.Pipeline.Counters.Windows > run.Pipeline.Counters.WindowsScored, "a batch is pending at the swap");
                WriteModel(ModelPath, score: 0.9f, version: "2", threshold: 0.6);
                Assert.Equal(ModelReloadOutcome.Swapped, run.Models.TryReload(ModelPath));
                run.ScoredBeforeSwap = run.Scores.Count;
            }
        }

        run.Scheduler.AdvanceBy(TimeSpan.FromSeconds(1));
        var scores = run.Scores;

        // Exactly once: every window the sensors completed, each start index once per sensor.
        Assert.Equal(run.Pipeline.Counters.Windows, scores.Count);
        foreach (var sensor in new[] { "ecg-1", "ecg-2" })
        {
            var starts = scores.Where(score => score.Window.SensorId == sensor).Select(score => score.Window.StartIndex).ToList();
            Assert.Equal(Enumerable.Range(0, 120 / WindowSize).Select(index => (long)index * WindowSize), starts);
        }

        // Old model up to the swap, the new one for every window after it; each score matches the model it names.
        var versions = scores.Select(score => score.ModelVersion).ToList();
        var firstNew = versions.IndexOf("2");
        Assert.Equal(run.ScoredBeforeSwap, firstNew);
        Assert.All(versions.Take(firstNew), version => Assert.Equal("1", version));
        Assert.All(versions.Skip(firstNew), version => Assert.Equal("2", version));
        Assert.All(scores, score => Assert.Equal(score.ModelVersion == "1" ? 0.2 : 0.9, score.Score, 5));

        // The new card's threshold drives the alerts (0.9 ≥ 0.6 raises; 0.2 never reached the old 0.5).
        var raised = Assert.Single(run.Alerts, alert => alert.Sensor == "ecg-1");
        Assert.Equal(("2", 0.6), (raised.ModelVersion, raised.Threshold));
        Assert.Contains(log.Lines, line => line.Contains("model: swapped in 'tiny' v2", StringComparison.Ordinal) && line.Contains("(was 'tiny' v1", StringComparison.Ordinal));
        Assert.Equal([("tiny", "2")], run.Models.Serving);
        Assert.Equal(ModelReloadOutcome.Unchanged, run.Models.TryReload(ModelPath));
    }

    [Fact]
    public void A_streamed_model_swaps_in_mid_stream_and_every_overlapping_window_is_scored_once_by_its_version()
    {
        const int hop = WindowSize / 2;
        File.WriteAllText(TopologyPath, File.ReadAllText(TopologyPath).Replace($"hop: {WindowSize}}}", $"hop: {hop}}}", StringComparison.Ordinal));
        using (var loaded = OnnxWindowScorer.LoadForStream(TopologyLoader.Load(TopologyPath), 0))
        {
            Assert.True(loaded.IsStreaming, loaded.StreamingStatus);
        }

        using var run = new Run(TopologyPath, log);
        for (var chunk = 0; chunk < 10; chunk++)
        {
            run.Push("ecg-1", chunk, rows: 12);
            run.Push("ecg-2", chunk, rows: 12);
            if (chunk == 4)
            {
                WriteModel(ModelPath, score: 0.9f, version: "2");
                Assert.Equal(ModelReloadOutcome.Swapped, run.Models.TryReload(ModelPath));
            }
        }

        run.Scheduler.AdvanceBy(TimeSpan.FromSeconds(1));
        var scores = run.Scores;
        Assert.Equal(run.Pipeline.Counters.Windows, scores.Count);
        foreach (var sensor in new[] { "ecg-1", "ecg-2" })
        {
            var starts = scores.Where(score => score.Window.SensorId == sensor).Select(score => score.Window.StartIndex).ToList();
            Assert.Equal(Enumerable.Range(0, ((120 - WindowSize) / hop) + 1).Select(index => (long)index * hop), starts);
        }

        Assert.Contains(scores, score => score.ModelVersion == "2");
        Assert.All(scores, score => Assert.Equal(score.ModelVersion == "1" ? 0.2 : 0.9, score.Score, 5));
    }

    [Fact]
    public void A_corrupt_file_is_rejected_with_its_name_and_the_old_model_keeps_serving()
    {
        using var run = new Run(TopologyPath, log);
        run.Push("ecg-1", 0, rows: 16);
        File.WriteAllBytes(ModelPath, [0x08, 0x07, 0x12, 0xFF, 0xFF, 0x01]);

        Assert.Equal(ModelReloadOutcome.Rejected, run.Models.TryReload(ModelPath));
        run.Push("ecg-1", 1, rows: 16);
        run.Scheduler.AdvanceBy(TimeSpan.FromSeconds(1));

        var rejection = Assert.Single(log.Lines, line => line.Contains("model: rejected", StringComparison.Ordinal));
        Assert.Contains(ModelPath, rejection, StringComparison.Ordinal);
        Assert.Contains("Still serving 'tiny' v1", rejection, StringComparison.Ordinal);
        Assert.Equal(4, run.Scores.Count);
        Assert.All(run.Scores, score => Assert.Equal(("1", 0.2), (score.ModelVersion, Math.Round(score.Score, 5))));

        // The same bad file is not reported again; a good one afterwards swaps in.
        Assert.Equal(ModelReloadOutcome.Unchanged, run.Models.TryReload(ModelPath));
        WriteModel(ModelPath, score: 0.9f, version: "3");
        Assert.Equal(ModelReloadOutcome.Swapped, run.Models.TryReload(ModelPath));
    }

    [Theory]
    [InlineData(2, WindowSize, "channels")]
    [InlineData(1, 16, "window")]
    public void A_card_that_does_not_fit_the_stream_is_rejected_with_the_reason(int channels, int windowLength, string named)
    {
        using var run = new Run(TopologyPath, log);
        WriteModel(ModelPath, score: 0.9f, version: "2", cardChannels: channels, cardWindowLength: windowLength);

        Assert.Equal(ModelReloadOutcome.Rejected, run.Models.TryReload(ModelPath));
        run.Push("ecg-1", 0, rows: 16);
        run.Scheduler.AdvanceBy(TimeSpan.FromSeconds(1));

        var rejection = Assert.Single(log.Lines, line => line.Contains("model: rejected", StringComparison.Ordinal));
        Assert.Contains(named, rejection, StringComparison.Ordinal);
        Assert.All(run.Scores, score => Assert.Equal("1", score.ModelVersion));
        Assert.Equal(2, run.Scores.Count);
        Assert.Equal(1, run.Metric(swapped: false));
        Assert.Equal(0, run.Metric(swapped: true));
    }

    [Fact]
    public void The_watcher_polls_in_virtual_time_and_waits_for_the_files_to_settle()
    {
        using var run = new Run(TopologyPath, log);
        var watchScheduler = new HistoricalScheduler(Epoch);
        using var watcher = new ModelWatcher(run.Models, watchScheduler, new ModelWatchOptions { PollInterval = TimeSpan.FromSeconds(10), Debounce = TimeSpan.FromSeconds(2), UseFileSystemEvents = false });
        WriteModel(ModelPath, score: 0.9f, version: "2");

        watchScheduler.AdvanceBy(TimeSpan.FromSeconds(11));
        Assert.Equal([("tiny", "1")], run.Models.Serving);

        watchScheduler.AdvanceBy(TimeSpan.FromSeconds(1));
        Assert.Equal([("tiny", "2")], run.Models.Serving);

        // A file event is debounced the same way: a burst of writes loads once, after the quiet period.
        WriteModel(ModelPath, score: 0.2f, version: "3");
        watcher.NotifyChanged(ModelPath);
        watchScheduler.AdvanceBy(TimeSpan.FromSeconds(1));
        watcher.NotifyChanged(ModelPath);
        watchScheduler.AdvanceBy(TimeSpan.FromSeconds(1.5));
        Assert.Equal([("tiny", "2")], run.Models.Serving);
        watchScheduler.AdvanceBy(TimeSpan.FromSeconds(1));
        Assert.Equal([("tiny", "3")], run.Models.Serving);
        Assert.Equal(2, log.Lines.Count(line => line.Contains("model: swapped in", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_watcher_notices_a_file_renamed_into_place()
    {
        using var run = new Run(TopologyPath, log);
        using var watchScheduler = new EventLoopScheduler();
        using var watcher = new ModelWatcher(run.Models, watchScheduler, new ModelWatchOptions { PollInterval = TimeSpan.FromHours(1), Debounce = TimeSpan.FromMilliseconds(200) });
        Assert.Equal(1, watcher.WatchedCount);
        var staged = Path.Combine(folder, "staging.onnx");
        WriteModel(staged, score: 0.9f, version: "2");
        File.Move(Path.ChangeExtension(staged, ".card.json"), Path.ChangeExtension(ModelPath, ".card.json"), overwrite: true);
        File.Move(staged, ModelPath, overwrite: true);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (run.Models.Serving[0].Version != "2" && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }

        Assert.True(run.Models.Serving[0].Version == "2", $"the rename was not noticed within 20 s; log:\n{string.Join("\n", log.Lines)}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    /// <summary>A one-channel graph of <see cref="WindowSize"/> samples that scores every window <paramref name="score"/>, with a sidecar card.</summary>
    private static void WriteModel(string path, float score, string version, double threshold = 0.5, int cardChannels = 1, int cardWindowLength = WindowSize)
    {
        var builder = new OnnxGraphBuilder("constant");
        var x = builder.Input("windows", "batch", 1, WindowSize);
        var conv = builder.Conv(x, builder.Initializer("conv.weight", [0f], 1, 1, 1));
        var pooled = builder.Flatten(builder.GlobalAveragePool(conv));
        var logit = MathF.Log(score / (1 - score));
        var z = builder.Gemm(pooled, builder.Initializer("dense.weight", [0f], 1, 1), builder.Initializer("dense.bias", [logit], 1));
        builder.Output(builder.Sigmoid(z, "score"), "batch", 1);
        var temporary = path + ".tmp";
        builder.Save(temporary);
        ModelCardWriter.WriteSidecar(path, new ModelCard
        {
            Name = "tiny",
            Version = version,
            InputLayout = InputLayout.NCL,
            Channels = cardChannels,
            WindowLength = cardWindowLength,
            SampleRateHz = 100,
            Output = OutputKind.Probability,
            Threshold = threshold,
            Preprocessing = new PreprocessingCard { Normalize = NormalizationKind.None },
        });
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The worker's model set and pipeline on a virtual clock.</summary>
    private sealed class Run : IDisposable
    {
        private readonly Subject<SampleChunk> input = new();
        private readonly IDisposable subscription;
        private readonly List<PipelineEvent> events = [];
        private readonly WorkerMetrics metrics = new();
        private readonly System.Diagnostics.Metrics.MeterListener listener = new();
        private readonly Dictionary<bool, long> swaps = new() { [true] = 0, [false] = 0 };

        public Run(string topologyPath, ILogger logger)
        {
            listener.InstrumentPublished = (instrument, meterListener) =>
            {
                if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name == TelemetryNames.ModelSwaps)
                {
                    meterListener.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == TelemetryNames.SwapOutcome)
                    {
                        swaps[(string)tag.Value! == "swapped"] += value;
                    }
                }
            });
            listener.Start();
            var topology = TopologyLoader.Load(topologyPath);
            Models = ModelReloader.Load(topology, scorer => new InstrumentedScorer(scorer, metrics), logger, metrics);
            Pipeline = new ClassificationPipeline(topology, Models.ScorersByStream, Scheduler);
            Models.Attach(Pipeline);
            subscription = Pipeline.Process(input).Subscribe(events.Add);
        }

        public HistoricalScheduler Scheduler { get; } = new(Epoch);

        public ModelReloader Models { get; }

        public ClassificationPipeline Pipeline { get; }

        public int ScoredBeforeSwap { get; set; }

        public List<WindowScore> Scores => [.. events.OfType<WindowScored>().Select(e => e.Score)];

        public List<AlertRecord> Alerts => [.. events.OfType<AlertEmitted>().Select(e => e.Alert)];

        public long Metric(bool swapped) => swaps[swapped];

        /// <summary>Chunk <paramref name="index"/> of a sensor: <paramref name="rows"/> samples at 100 Hz, consecutive.</summary>
        public void Push(string sensor, int index, int rows) =>
            input.OnNext(new SampleChunk(sensor, index * rows * 10.0, 100, 1, new double[rows], new SourcePosition("sensors", 0, index)));

        public void Dispose()
        {
            subscription.Dispose();
            Pipeline.Dispose();
            Models.Dispose();
            listener.Dispose();
            metrics.Dispose();
            input.Dispose();
        }
    }

    /// <summary>Collects formatted log lines.</summary>
    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add(formatter(state, exception));
            }
        }
    }
}
