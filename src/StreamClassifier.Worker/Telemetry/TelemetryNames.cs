namespace StreamClassifier.Worker.Telemetry;

/// <summary>
/// Names of the worker's meter, activity source, instruments and attributes. Instrument names use
/// OpenTelemetry's dotted form; the Prometheus exporter turns <c>a.b</c> into <c>a_b</c>, appends the
/// unit (<c>_seconds</c>) and <c>_total</c> for counters. docs/operations.md lists the exported names.
/// </summary>
internal static class TelemetryNames
{
    /// <summary>Name of the one <see cref="System.Diagnostics.Metrics.Meter"/> and <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string Source = "StreamClassifier";

    /// <summary>Records read from the source topic (OpenTelemetry messaging metric).</summary>
    public const string ConsumedMessages = "messaging.client.consumed.messages";

    /// <summary>Alerts acknowledged by the broker on the alerts topic (OpenTelemetry messaging metric).</summary>
    public const string SentMessages = "messaging.client.sent.messages";

    /// <summary>Records (chunks) the pipeline received.</summary>
    public const string Records = "streamclassifier.records";

    /// <summary>Samples (rows) the pipeline received.</summary>
    public const string Samples = "streamclassifier.samples";

    /// <summary>Samples dropped, by <see cref="DropReason"/>.</summary>
    public const string SamplesDropped = "streamclassifier.samples.dropped";

    /// <summary>Windows completed by the windowing stage.</summary>
    public const string Windows = "streamclassifier.windows";

    /// <summary>Windows scored.</summary>
    public const string WindowsScored = "streamclassifier.windows.scored";

    /// <summary>Alerts emitted, by <see cref="AlertState"/>.</summary>
    public const string Alerts = "streamclassifier.alerts";

    /// <summary>Records dead-lettered, by <see cref="ErrorType"/>.</summary>
    public const string DeadLetters = "streamclassifier.dead_letters";

    /// <summary>Records read again after a restart that a restored sensor checkpoint already contains (not applied twice).</summary>
    public const string SkippedCheckpointed = "streamclassifier.records.skipped_checkpointed";

    /// <summary>Gauge: records fed to the pipeline whose processing (windows, batch, scoring, alerts) is not complete yet.</summary>
    public const string RecordsInFlight = "streamclassifier.records.in_flight";

    /// <summary>Offset commits the Kafka worker made (each covers only completed work).</summary>
    public const string Commits = "streamclassifier.commits";

    /// <summary>Exactly-once: regenerated alerts withheld because the read-back after a restart found them already published.</summary>
    public const string AlertsAlreadyPublished = "streamclassifier.alerts.already_published";

    /// <summary>Exactly-once: dead letters withheld because the read-back after a restart found them already published.</summary>
    public const string DeadLettersAlreadyPublished = "streamclassifier.dead_letters.already_published";

    /// <summary>ONNX Runtime time per scoring batch.</summary>
    public const string InferenceDuration = "streamclassifier.inference.duration";

    /// <summary>Windows per scoring batch.</summary>
    public const string BatchSize = "streamclassifier.batch.size";

    /// <summary>End-to-end latency: the worker's receipt (poll) of the record that completed the alert's window to the broker's acknowledgement of the alert.</summary>
    public const string AlertLatency = "streamclassifier.alert.latency";

    /// <summary>The Kafka timestamp of the record that completed the alert's window to the broker's acknowledgement (adds transport and time waiting in the topic).</summary>
    public const string AlertRecordLatency = "streamclassifier.alert.record_latency";

    /// <summary>End of the alert's window (the sensor's clock) to the broker's acknowledgement of the alert.</summary>
    public const string AlertWindowLatency = "streamclassifier.alert.window_latency";

    /// <summary>Model hot-swap attempts, by <see cref="SwapOutcome"/>.</summary>
    public const string ModelSwaps = "streamclassifier.model.swaps";

    /// <summary>Gauge: 1 per model version serving now.</summary>
    public const string ModelServing = "streamclassifier.model.serving";

    /// <summary>Records in a partition not yet committed by the group (high watermark − committed offset).</summary>
    public const string ConsumerLag = "streamclassifier.consumer.lag";

    /// <summary>How far behind the head of a partition the group's committed position is, in seconds (when the head was last at that offset).</summary>
    public const string ConsumerLagSeconds = "streamclassifier.consumer.lag.seconds";

    /// <summary>Sensors with state held now.</summary>
    public const string ActiveSensors = "streamclassifier.sensors.active";

    /// <summary>Attribute: messaging system (always <c>kafka</c>).</summary>
    public const string MessagingSystem = "messaging.system";

    /// <summary>Attribute: topic.</summary>
    public const string DestinationName = "messaging.destination.name";

    /// <summary>Attribute: partition number.</summary>
    public const string PartitionId = "messaging.destination.partition.id";

    /// <summary>Attribute: consumer group.</summary>
    public const string ConsumerGroup = "messaging.consumer.group.name";

    /// <summary>Attribute: error kind of a dead letter (OpenTelemetry's general <c>error.type</c>).</summary>
    public const string ErrorType = "error.type";

    /// <summary>Attribute: why samples were dropped.</summary>
    public const string DropReason = "streamclassifier.drop.reason";

    /// <summary>Attribute: <c>raised</c> or <c>cleared</c>.</summary>
    public const string AlertState = "streamclassifier.alert.state";

    /// <summary>Attribute: model version (bounded: the serving one per model).</summary>
    public const string ModelVersion = "streamclassifier.model.version";

    /// <summary>Attribute: <c>swapped</c> or <c>rejected</c>.</summary>
    public const string SwapOutcome = "streamclassifier.model.swap.outcome";

    /// <summary>Attribute: model name (bounded: one per stream).</summary>
    public const string ModelName = "streamclassifier.model.name";

    /// <summary>Records of the source topic the broker deleted (retention) before the worker read them; never classified.</summary>
    public const string SkippedByBroker = "streamclassifier.records.skipped_by_broker";
}
