using StreamClassifier.Core.Models;

namespace StreamClassifier.Core.Topology;

/// <summary>
/// A validated deployment: where sensor records come from, how each sensor's stream is processed
/// and scored, and where alerts go. Loaded from <c>topologies/*.yaml</c> by <c>TopologyLoader</c>.
/// </summary>
public sealed record TopologyDefinition
{
    /// <summary>Topology name (goes into every alert).</summary>
    public required string Name { get; init; }

    /// <summary>The file it was loaded from, for error messages; null when built in code.</summary>
    public string? FilePath { get; init; }

    /// <summary>Where sensor records come from.</summary>
    public required SourceSpec Source { get; init; }

    /// <summary>Stream rules, matched in order against each sensor id (first match wins).</summary>
    public required IReadOnlyList<StreamSpec> Streams { get; init; }

    /// <summary>Where alerts and dead letters go.</summary>
    public SinksSpec Sinks { get; init; } = new();

    /// <summary>Cross-sensor micro-batching before scoring.</summary>
    public BatchingSpec Batching { get; init; } = new();

    /// <summary>Delivery guarantee for alerts.</summary>
    public DeliveryMode Delivery { get; init; } = DeliveryMode.AtLeastOnce;

    /// <summary>Telemetry endpoints.</summary>
    public TelemetrySpec Telemetry { get; init; } = new();

    /// <summary>Worker process settings (shutdown deadline).</summary>
    public WorkerSpec Worker { get; init; } = new();

    /// <summary>Directory relative paths (models, outputs) resolve against: the topology file's directory's parent when under <c>topologies/</c>, else the file's directory.</summary>
    public string BaseDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>The first stream rule whose sensor glob matches <paramref name="sensorId"/>, or null.</summary>
    public StreamSpec? FindStream(string sensorId)
    {
        foreach (var stream in Streams)
        {
            if (stream.Matches(sensorId))
            {
                return stream;
            }
        }

        return null;
    }

    /// <summary>
    /// Resolves a path written in the topology (model path, JSONL sink): absolute paths stay as they
    /// are, relative ones resolve against <see cref="BaseDirectory"/>.
    /// </summary>
    public string ResolvePath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(BaseDirectory, path));
    }
}

/// <summary>Delivery guarantee for alerts.</summary>
public enum DeliveryMode
{
    /// <summary>Offsets committed after alerts are acknowledged; duplicates after a crash carry the same id.</summary>
    AtLeastOnce,

    /// <summary>Kafka transactions: a read_committed reader sees each alert once.</summary>
    ExactlyOnce,
}

/// <summary>Record encoding on the source topic.</summary>
public enum RecordFormat
{
    /// <summary>UTF-8 JSON sensor records.</summary>
    Json,

    /// <summary>Protobuf sensor records.</summary>
    Protobuf,
}

/// <summary>Where sensor records come from.</summary>
public sealed record SourceSpec
{
    /// <summary>Kafka source settings.</summary>
    public required KafkaSourceSpec Kafka { get; init; }
}

/// <summary>Kafka source settings.</summary>
public sealed record KafkaSourceSpec
{
    /// <summary>Bootstrap servers, or <c>embedded</c> to start an in-process mock cluster.</summary>
    public required string Bootstrap { get; init; }

    /// <summary>Topic with sensor records.</summary>
    public required string Topic { get; init; }

    /// <summary>Consumer group id.</summary>
    public required string Group { get; init; }

    /// <summary>Record encoding (a <c>content-type</c> header overrides it per record).</summary>
    public RecordFormat Format { get; init; } = RecordFormat.Json;

    /// <summary>Extra librdkafka settings passed through (SASL/SSL etc.), after <c>${VAR}</c> substitution.</summary>
    public IReadOnlyDictionary<string, string> Config { get; init; } = new Dictionary<string, string>();

    /// <summary>Largest record value accepted, bytes; larger ones are dead-lettered.</summary>
    public int MaxRecordBytes { get; init; } = 1 << 20;

    /// <summary>Most samples (rows) accepted in one record; more are dead-lettered.</summary>
    public int MaxSamplesPerRecord { get; init; } = 100_000;

    /// <summary>Most records in flight (consumed, not yet committed) before partitions are paused.</summary>
    public int MaxInFlightRecords { get; init; } = 10_000;

    /// <summary>Compacted topic holding per-partition sensor state checkpoints; null means <see cref="EffectiveCheckpointTopic"/>'s default.</summary>
    public string? CheckpointTopic { get; init; }

    /// <summary>The checkpoint topic to use: <see cref="CheckpointTopic"/>, or <c>&lt;group&gt;.checkpoints</c>.</summary>
    public string EffectiveCheckpointTopic => CheckpointTopic ?? Group + ".checkpoints";

    /// <summary>True when the topology asks for an in-process broker.</summary>
    public bool IsEmbedded => string.Equals(Bootstrap, "embedded", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One stream rule: which sensors it takes and how their samples become scored windows and alerts.</summary>
public sealed record StreamSpec
{
    /// <summary>Stream name.</summary>
    public required string Name { get; init; }

    /// <summary>Position in the topology's <c>streams</c> list (for key paths in messages); null when built in code.</summary>
    public int? Index { get; init; }

    /// <summary>The key path of this stream in its topology, e.g. <c>streams[0]</c> (or <c>streams[name=ecg]</c> when built in code).</summary>
    public string KeyPath => Index is int index ? $"streams[{index}]" : $"streams[name={Name}]";

    /// <summary>Glob on sensor id (<c>*</c> and <c>?</c>).</summary>
    public required string Sensors { get; init; }

    /// <summary>Expected sample rate, Hz.</summary>
    public required double SampleRateHz { get; init; }

    /// <summary>
    /// Whether a chunk declaring <paramref name="rateHz"/> belongs to this stream: equal to
    /// <see cref="SampleRateHz"/> within a relative 1e-9, i.e. only float noise (docs/kafka.md, "Sample
    /// rates"). The decoder's dead letter and the pipeline's refusal both ask here.
    /// </summary>
    public bool AcceptsRate(double rateHz) => Math.Abs(rateHz - SampleRateHz) <= 1e-9 * SampleRateHz;

    /// <summary>Which input channels to take, in order (indexes into each record's channels).</summary>
    public required IReadOnlyList<int> Channels { get; init; }

    /// <summary>Filter chain, applied in order per channel.</summary>
    public IReadOnlyList<FilterSpec> Filters { get; init; } = [];

    /// <summary>Window size and hop.</summary>
    public required WindowSpec Window { get; init; }

    /// <summary>Window normalisation.</summary>
    public NormalizationSpec Normalize { get; init; } = NormalizationSpec.ZScore;

    /// <summary>Model that scores the windows; null for preprocessing-only topologies.</summary>
    public ModelSpec? Model { get; init; }

    /// <summary>Alert policy; null uses the model card's threshold with defaults.</summary>
    public AlertPolicySpec? Alert { get; init; }

    /// <summary>Gap handling and idle eviction.</summary>
    public SensorStateSpec State { get; init; } = new();

    /// <summary>True when <paramref name="sensorId"/> matches <see cref="Sensors"/>.</summary>
    public bool Matches(string sensorId) => SensorGlob.IsMatch(Sensors, sensorId);
}

/// <summary>The model a stream scores with.</summary>
public sealed record ModelSpec
{
    /// <summary>Path to the <c>.onnx</c> file (relative to the topology's base directory).</summary>
    public required string Path { get; init; }

    /// <summary>Input layout when the model has no card, or to cross-check the card.</summary>
    public InputLayout? InputLayout { get; init; }

    /// <summary>Output kind when the model has no card, or to cross-check the card.</summary>
    public OutputKind? Output { get; init; }

    /// <summary>Watch the file and its card and hot-swap a new valid version without a restart.</summary>
    public bool Watch { get; init; } = true;

    /// <summary>Score a streamable model hop by hop (the default); false recomputes every window whole.</summary>
    public bool Streaming { get; init; } = true;
}

/// <summary>Per-sensor alert policy.</summary>
public sealed record AlertPolicySpec
{
    /// <summary>Raise threshold; null takes the model card's calibrated threshold.</summary>
    public double? Threshold { get; init; }

    /// <summary>Raise when this many of the last <see cref="OfLast"/> scores are at or above the threshold.</summary>
    public int RaiseAfter { get; init; } = 1;

    /// <summary>How many recent scores the raise rule looks at.</summary>
    public int OfLast { get; init; } = 1;

    /// <summary>Scores below this count towards clearing; null means the raise threshold.</summary>
    public double? ClearBelow { get; init; }

    /// <summary>Clear after this many consecutive scores below <see cref="ClearBelow"/>.</summary>
    public int ClearAfter { get; init; } = 1;

    /// <summary>After a clear, no raise for this long (seconds of window time).</summary>
    public double CooldownS { get; init; }
}

/// <summary>How a sensor's state reacts to gaps and idleness.</summary>
public sealed record SensorStateSpec
{
    /// <summary>A gap longer than this many sample periods resets the sensor's filters and window; null never resets.</summary>
    public double? GapToleranceSamples { get; init; } = 1.5;

    /// <summary>Sensor state is dropped after this long without samples (seconds of scheduler time).</summary>
    public double IdleEvictionS { get; init; } = 300;
}

/// <summary>Cross-sensor micro-batching before scoring.</summary>
public sealed record BatchingSpec
{
    /// <summary>Flush when this many windows are waiting.</summary>
    public int MaxBatch { get; init; } = 32;

    /// <summary>Flush when the oldest waiting window has waited this long, ms.</summary>
    public double MaxDelayMs { get; init; } = 10;
}

/// <summary>Alert and dead-letter destinations.</summary>
public sealed record SinksSpec
{
    /// <summary>Alerts topic; null for no Kafka alerts.</summary>
    public string? AlertsTopic { get; init; }

    /// <summary>Print alerts to the console.</summary>
    public bool Console { get; init; }

    /// <summary>Append alerts to this JSONL file.</summary>
    public string? Jsonl { get; init; }

    /// <summary>Dead-letter topic; null dead-letters to the log only (still counted).</summary>
    public string? DeadLetterTopic { get; init; }
}

/// <summary>Telemetry endpoints.</summary>
public sealed record TelemetrySpec
{
    /// <summary>Prometheus/health listener, host:port.</summary>
    public string Listen { get; init; } = "127.0.0.1:9464";

    /// <summary>OTLP endpoint; null disables the OTLP exporter.</summary>
    public string? OtlpEndpoint { get; init; }
}

/// <summary>Worker process settings.</summary>
public sealed record WorkerSpec
{
    /// <summary>On SIGTERM: stop polling, drain, publish, commit and close within this many seconds.</summary>
    public double ShutdownTimeoutS { get; init; } = 30;

    /// <summary>Where windows are scored (<c>worker.scoring</c>).</summary>
    public ScoringPlace Scoring { get; init; } = ScoringPlace.Inline;

    /// <summary><c>/readyz</c> reports the worker not ready while its committed position is more than this many seconds behind the head of an owned partition (0: never for lag).</summary>
    public double ReadyMaxLagS { get; init; } = 30;
}

/// <summary>Where the worker scores its micro-batches.</summary>
public enum ScoringPlace
{
    /// <summary>On a scoring thread of its own: the polling thread only decodes, filters and windows; the scoring thread takes what waits whenever it is free.</summary>
    Thread,

    /// <summary>On the polling thread, when a batch is full or its oldest window waited <c>batching.max_delay_ms</c>.</summary>
    Inline,
}
