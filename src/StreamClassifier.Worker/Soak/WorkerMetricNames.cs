namespace StreamClassifier.Worker.Soak;

/// <summary>The Prometheus names (docs/operations.md) of the worker's series the soak reads.</summary>
internal static class WorkerMetricNames
{
    /// <summary>Records the pipeline received.</summary>
    public const string Records = "streamclassifier_records_total";

    /// <summary>Records dead-lettered (by error type).</summary>
    public const string DeadLetters = "streamclassifier_dead_letters_total";

    /// <summary>Records the broker deleted before they were read.</summary>
    public const string SkippedByBroker = "streamclassifier_records_skipped_by_broker_total";

    /// <summary>Records in flight.</summary>
    public const string InFlight = "streamclassifier_records_in_flight";

    /// <summary>Lag per owned partition, records.</summary>
    public const string Lag = "streamclassifier_consumer_lag";

    /// <summary>Lag per owned partition, seconds.</summary>
    public const string LagSeconds = "streamclassifier_consumer_lag_seconds";

    /// <summary>Alert latency from the record's receipt (histogram, seconds).</summary>
    public const string AlertLatency = "streamclassifier_alert_latency_seconds";

    /// <summary>Managed heap after the last collection, by generation.</summary>
    public const string HeapAfterCollection = "dotnet_gc_last_collection_heap_size_bytes";
}
