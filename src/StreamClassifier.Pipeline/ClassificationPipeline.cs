using System.Globalization;
using System.Reactive.Concurrency;
using System.Reactive.Linq;

using StreamClassifier.Core.Records;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline.Batching;
using StreamClassifier.Pipeline.Checkpoints;
using StreamClassifier.Pipeline.Counters;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Pipeline.Flow;
using StreamClassifier.Pipeline.Sensors;

namespace StreamClassifier.Pipeline;

/// <summary>
/// The streaming core: per sensor (first matching stream rule) order/gap check → channel selection →
/// filter chain → sliding window → normaliser; micro-batches across sensors per model; scores;
/// per-sensor alert policy. Sensor state lives in the pipeline (so it survives between subscriptions
/// and can be checkpointed with <see cref="Snapshot"/>/<see cref="Restore"/>); one subscription runs
/// at a time. All time comes from the <see cref="IScheduler"/>; input and timers are serialised by
/// one gate, so events never arrive concurrently. Scorers are not owned (not disposed) by the pipeline.
/// </summary>
public sealed class ClassificationPipeline : IDisposable
{
    private readonly Dictionary<string, StreamRuntime> streamsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SensorState> sensors = new(StringComparer.Ordinal);
    private readonly List<MicroBatcher> batchers = [];
    private readonly HashSet<string> streamsWithoutScorer = new(StringComparer.Ordinal);
    private PipelineRun? activeRun;
    private bool disposed;

    /// <summary>Builds the per-stream filter chains, normalisers and batchers, and checks each scorer against its stream.</summary>
    /// <param name="topology">The deployment; its stream rules are matched in order.</param>
    /// <param name="scorersByStreamName">The scorer of each stream rule, by stream name. Streams may share a scorer (they then share batches). May be empty for <see cref="Preprocess(IObservable{SampleChunk})"/>.</param>
    /// <param name="scheduler">Clock and timers (batch deadlines, idle eviction, <c>emitted_at_ms</c>).</param>
    /// <param name="options">Overrides; null for defaults.</param>
    /// <exception cref="ArgumentException">A scorer names no stream, does not fit its stream's windows, a stream rule is impossible, or the scheduler runs timers inline.</exception>
    public ClassificationPipeline(TopologyDefinition topology, IReadOnlyDictionary<string, IWindowScorer> scorersByStreamName, IScheduler scheduler, PipelineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(scorersByStreamName);
        ArgumentNullException.ThrowIfNull(scheduler);
        if (scheduler is ImmediateScheduler or CurrentThreadScheduler)
        {
            // Both run a timed action inline by sleeping: a batch deadline or an idle eviction would block the gate.
            throw new ArgumentException($"{scheduler.GetType().Name} runs timers inline by sleeping, which would stall the pipeline. Use DefaultScheduler, EventLoopScheduler or TaskPoolScheduler for live runs, or a HistoricalScheduler for offline runs and tests.", nameof(scheduler));
        }

        Topology = topology;
        Scheduler = scheduler;
        Options = options ?? new PipelineOptions();
        Counters = new PipelineCounters(Gate);
        var batching = Options.Batching ?? topology.Batching;
        if (batching.MaxBatch < 1 || !(batching.MaxDelayMs >= 0) || !double.IsFinite(batching.MaxDelayMs))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Topology '{topology.Name}': batching.max_batch ({batching.MaxBatch}) must be at least 1 and batching.max_delay_ms ({batching.MaxDelayMs}) 0 or more."), nameof(topology));
        }

        MaxDelay = TimeSpan.FromMilliseconds(batching.MaxDelayMs);
        StreamRuntimes.Build(topology, scorersByStreamName, batching.MaxBatch, Options.ResetOnGap, streamsByName, batchers, streamsWithoutScorer);
    }

    /// <summary>The topology the pipeline runs.</summary>
    public TopologyDefinition Topology { get; }

    /// <summary>Running totals (thread-safe).</summary>
    public PipelineCounters Counters { get; }

    /// <summary>Sensors with state now.</summary>
    public IReadOnlyCollection<string> ActiveSensorIds
    {
        get
        {
            lock (Gate)
            {
                return [.. sensors.Keys];
            }
        }
    }

    /// <summary>
    /// Windows waiting for the scorer (not counting a batch being scored): the scoring queue's length, read
    /// without the gate so an input thread can apply back-pressure when scoring falls behind.
    /// </summary>
    public int WindowsAwaitingScore
    {
        get
        {
            var waiting = 0;
            for (var i = 0; i < batchers.Count; i++)
            {
                waiting += batchers[i].Count;
            }

            return waiting;
        }
    }

    internal object Gate { get; } = new();

    internal IScheduler Scheduler { get; }

    internal PipelineOptions Options { get; }

    internal TimeSpan MaxDelay { get; }

    internal RowScratch Scratch { get; } = new();

    internal IReadOnlyList<MicroBatcher> Batchers => batchers;

    internal IEnumerable<SensorState> Sensors => sensors.Values;

    /// <summary>
    /// Runs the whole flow over <paramref name="chunks"/>: subscribing starts it. Per sensor, events come
    /// in processing order (drops as a chunk is read; each window's <see cref="WindowScored"/> followed by
    /// any <see cref="AlertEmitted"/> it caused); <see cref="ChunkCompleted"/> events come in input order,
    /// each after every window its chunk completed was scored and alerted. When the input completes,
    /// pending batches are flushed before <c>OnCompleted</c>. A scoring failure ends the stream with
    /// <see cref="PipelineScoringException"/>. Only one subscription (of this or
    /// <see cref="Preprocess(IObservable{SampleChunk})"/>) may be active at a time.
    /// </summary>
    /// <exception cref="InvalidOperationException">A stream rule has no scorer.</exception>
    public IObservable<PipelineEvent> Process(IObservable<SampleChunk> chunks) => Process(chunks, ScoringMode.Inline);

    /// <summary>
    /// <see cref="Process(IObservable{SampleChunk})"/>, scoring where <paramref name="mode"/> says: with
    /// <see cref="ScoringMode.OnScoringThread"/> the input thread only windows, and a scoring thread of
    /// the flow's own scores and hands out the events (the same events in the same orders).
    /// </summary>
    /// <exception cref="InvalidOperationException">A stream rule has no scorer.</exception>
    public IObservable<PipelineEvent> Process(IObservable<SampleChunk> chunks, ScoringMode mode)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(mode);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (streamsWithoutScorer.Count > 0)
        {
            throw new InvalidOperationException($"Stream(s) {string.Join(", ", streamsWithoutScorer.Select(name => $"'{name}'"))} of topology '{Topology.Name}' have no scorer, so their windows cannot be scored. Pass a scorer for each (scorersByStreamName), or use Preprocess for filtered samples only.");
        }

        return Observable.Create<PipelineEvent>(observer => new ScoringRun(this, observer, mode).Start(chunks));
    }

    /// <summary>
    /// Preprocess mode: each chunk's accepted samples come out filtered with the sensor's running
    /// filter state (late/duplicate samples removed, gaps reset the filters), without windowing or
    /// scoring. Drops are counted in <see cref="Counters"/>.
    /// </summary>
    public IObservable<FilteredChunk> Preprocess(IObservable<SampleChunk> chunks) => Preprocess(chunks, drops: null);

    /// <summary>Preprocess mode, with every drop also sent to <paramref name="drops"/> (under the same gate, completed with the output).</summary>
    public IObservable<FilteredChunk> Preprocess(IObservable<SampleChunk> chunks, IObserver<SampleDrop>? drops)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ObjectDisposedException.ThrowIf(disposed, this);
        return Observable.Create<FilteredChunk>(observer => new PreprocessRun(this, observer, drops).Start(chunks));
    }

    /// <summary>
    /// A consistent checkpoint of one sensor (every chunk applied so far, including windows not yet
    /// scored), or null when the sensor has no state. Safe to call at any time, including from inside
    /// an event handler of <see cref="Process(IObservable{SampleChunk})"/> (e.g. on <see cref="ChunkCompleted"/>).
    /// </summary>
    public SensorStateSnapshot? Snapshot(string sensorId)
    {
        ArgumentNullException.ThrowIfNull(sensorId);
        lock (Gate)
        {
            if (!sensors.TryGetValue(sensorId, out var sensor))
            {
                return null;
            }

            var pending = new List<SensorWindow>();
            sensor.Stream.Batcher?.CollectUnscored(sensor, pending);
            return sensor.Capture(pending);
        }
    }

    /// <summary>
    /// Checkpoints of every sensor with state, taken in one consistent cut (under the gate). Select a
    /// partition's sensors by <see cref="SensorStateSnapshot.LastSource"/> (records are keyed by sensor id,
    /// so a sensor's records all come from one partition).
    /// </summary>
    public IReadOnlyList<SensorStateSnapshot> SnapshotAll()
    {
        lock (Gate)
        {
            return [.. sensors.Keys.Select(sensorId => Snapshot(sensorId)!)];
        }
    }

    /// <summary>
    /// Drops a sensor's state, e.g. when its partition is revoked and its checkpoint carries it on
    /// elsewhere. Its buffered samples are counted as a <see cref="DropReason.PartialWindow"/> drop (and
    /// reported to the active flow). Returns false when the sensor has no state.
    /// </summary>
    /// <exception cref="InvalidOperationException">The sensor has windows waiting to be scored; remove it after its chunks completed.</exception>
    public bool Remove(string sensorId)
    {
        ArgumentNullException.ThrowIfNull(sensorId);
        lock (Gate)
        {
            if (!sensors.TryGetValue(sensorId, out var sensor))
            {
                return false;
            }

            if (sensor.PendingWindows > 0)
            {
                throw new InvalidOperationException($"Sensor '{sensorId}' has {sensor.PendingWindows} window(s) waiting to be scored; remove it after its last chunk completed (ChunkCompleted).");
            }

            if (sensor.DiscardPartialWindow("sensor state removed (e.g. partition revoked); its checkpoint carries it on", sensor.LastSource) is { } drop)
            {
                activeRun?.Dropped(drop);
            }

            RemoveSensor(sensor);
            return true;
        }
    }

    /// <summary>
    /// Loads a checkpoint taken by <see cref="Snapshot"/> (here or in another process with the same
    /// topology), replacing any state of that sensor; its unscored windows are queued for scoring.
    /// Continue with the chunks after <see cref="SensorStateSnapshot.LastSource"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The checkpoint does not fit this topology (the message says how).</exception>
    /// <exception cref="InvalidOperationException">The sensor has windows in flight right now.</exception>
    public void Restore(SensorStateSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (Gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var spec = Topology.FindStream(snapshot.SensorId)
                ?? throw new ArgumentException($"No stream rule of topology '{Topology.Name}' matches sensor '{snapshot.SensorId}' of the checkpoint; it was taken with another topology.", nameof(snapshot));
            if (spec.Name != snapshot.StreamName)
            {
                throw new ArgumentException($"The checkpoint of sensor '{snapshot.SensorId}' belongs to stream '{snapshot.StreamName}' but topology '{Topology.Name}' now routes the sensor to stream '{spec.Name}'; drop the checkpoint to start the sensor afresh.", nameof(snapshot));
            }

            var stream = streamsByName[spec.Name];
            if (snapshot.PendingWindows.Count > 0 && stream.Batcher is null)
            {
                throw new ArgumentException($"The checkpoint of sensor '{snapshot.SensorId}' holds {snapshot.PendingWindows.Count} unscored window(s) but stream '{stream.Name}' has no scorer here.", nameof(snapshot));
            }

            if (sensors.TryGetValue(snapshot.SensorId, out var existing) && (existing.PendingWindows > 0 || activeRun is ScoringRun { IsFlushing: true }))
            {
                throw new InvalidOperationException($"Sensor '{snapshot.SensorId}' has windows being scored; restore it before its chunks are processed (e.g. on partition assignment).");
            }

            var restored = new SensorState(snapshot.SensorId, stream, Counters);
            restored.Load(snapshot);
            if (existing is not null)
            {
                if (existing.DiscardPartialWindow("state replaced by a restored checkpoint", existing.LastSource) is { } drop)
                {
                    activeRun?.Dropped(drop);
                }

                existing.EvictionTimer?.Dispose();
                Counters.SensorRemoved();
            }

            sensors[snapshot.SensorId] = restored;
            Counters.SensorAdded();
            Counters.AddRestored(restored.BufferedSamples);
            restored.LastActivity = Scheduler.Now;
            foreach (var window in snapshot.PendingWindows)
            {
                stream.Batcher!.Add(new PendingWindow(window, restored, null));
                restored.PendingWindows++;
            }

            if (activeRun is not null)
            {
                activeRun.ScheduleEviction(restored, stream.IdleEviction);
                if (snapshot.PendingWindows.Count > 0)
                {
                    activeRun.WindowsRestored();
                }
            }
        }
    }

    /// <summary>
    /// Hot swap: every stream scored by <paramref name="current"/> is scored by
    /// <paramref name="replacement"/> from the next batch on. The swap takes the gate, so it falls
    /// between two flushes (on a scoring thread, it first waits for the batch being scored and hands it
    /// out): each window is scored exactly once, by the old model or the new one, and its
    /// <see cref="WindowScore"/> and alerts name the model that scored it. Windows queued but not yet
    /// scored go to the new model. Streams whose alert threshold comes from the model card take the new
    /// card's threshold; sensors keep their alert state. The caller disposes <paramref name="current"/>
    /// afterwards (no batch uses it any more once this returns).
    /// </summary>
    /// <returns>The names of the streams now scored by <paramref name="replacement"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="current"/> scores no stream, or <paramref name="replacement"/> does not fit a stream's windows or alert policy.</exception>
    /// <exception cref="InvalidOperationException">Called from inside a flush (an event handler of <see cref="Process(IObservable{SampleChunk})"/>).</exception>
    public IReadOnlyList<string> ReplaceScorer(IWindowScorer current, IWindowScorer replacement)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(replacement);
        lock (Gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (activeRun is ScoringRun { IsFlushing: true })
            {
                throw new InvalidOperationException("A scorer cannot be replaced while a batch is being handed out (from inside a pipeline event handler); call ReplaceScorer from another thread.");
            }

            (activeRun as ScoringRun)?.BeforeScorerSwap();

            var batcher = batchers.FirstOrDefault(candidate => ReferenceEquals(candidate.Scorer, current))
                ?? throw new ArgumentException($"Scorer '{current.ModelName}' v{current.ModelVersion} scores no stream of topology '{Topology.Name}'.", nameof(current));
            return ScorerSwap.Apply(batcher, [.. streamsByName.Values.Where(stream => ReferenceEquals(stream.Batcher, batcher))], sensors.Values, replacement);
        }
    }

    /// <summary>Stops the active subscription without further notifications. Scorers are not disposed.</summary>
    public void Dispose()
    {
        PipelineRun? run;
        lock (Gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            run = activeRun;
        }

        run?.Dispose();
    }

    internal bool TryActivate(PipelineRun run, out Exception refusal)
    {
        refusal = null!;
        if (disposed)
        {
            refusal = new ObjectDisposedException(nameof(ClassificationPipeline));
            return false;
        }

        if (activeRun is not null)
        {
            refusal = new InvalidOperationException("This pipeline is already running a subscription; sensor state belongs to one flow at a time. Dispose the first subscription, or create another pipeline.");
            return false;
        }

        activeRun = run;
        return true;
    }

    internal void Deactivate(PipelineRun run)
    {
        if (ReferenceEquals(activeRun, run))
        {
            activeRun = null;
        }
    }

    internal SensorState? GetOrCreateSensor(string sensorId, PipelineRun run)
    {
        if (sensors.TryGetValue(sensorId, out var sensor))
        {
            return sensor;
        }

        if (Topology.FindStream(sensorId) is not { } spec)
        {
            return null;
        }

        sensor = new SensorState(sensorId, streamsByName[spec.Name], Counters) { LastActivity = Scheduler.Now };
        sensors.Add(sensorId, sensor);
        Counters.SensorAdded();
        run.ScheduleEviction(sensor, sensor.Stream.IdleEviction);
        return sensor;
    }

    internal bool IsCurrent(SensorState sensor) => sensors.TryGetValue(sensor.SensorId, out var current) && ReferenceEquals(current, sensor);

    internal void RemoveSensor(SensorState sensor)
    {
        sensor.EvictionTimer?.Dispose();
        sensor.EvictionTimer = null;
        if (sensors.Remove(sensor.SensorId))
        {
            Counters.SensorRemoved();
        }
    }
}
