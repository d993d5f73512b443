namespace StreamClassifier.Kafka.Codecs;

/// <summary>Bounds a record must respect; larger ones are dead-lettered instead of exhausting memory.</summary>
/// <param name="MaxRecordBytes">Largest value accepted, bytes.</param>
/// <param name="MaxSamplesPerRecord">Most samples (rows) accepted in one record.</param>
public sealed record SensorRecordLimits(int MaxRecordBytes = 1 << 20, int MaxSamplesPerRecord = 100_000)
{
    /// <summary>The earliest accepted t0_ms: the Unix epoch (recordings replayed from time 0 are valid).</summary>
    public const double MinTimestampMs = 0;

    /// <summary>The latest accepted time of any sample: 2100-01-01T00:00:00Z.</summary>
    public const double MaxTimestampMs = 4_102_444_800_000;

    /// <summary>The highest accepted sample rate, Hz.</summary>
    public const double MaxRateHz = 10_000_000;

    /// <summary>The most channels accepted per sample.</summary>
    public const int MaxChannels = 1024;

    /// <summary>Defaults of <see cref="StreamClassifier.Core.Topology.KafkaSourceSpec"/>.</summary>
    public static SensorRecordLimits Default { get; } = new();
}
