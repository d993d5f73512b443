using StreamClassifier.Kafka.DeadLetters;

namespace StreamClassifier.Kafka.Alerts;

/// <summary>
/// Headers the worker puts on every alert record: the source topic and partition whose sensor raised
/// it (the same names as on dead letters). The exactly-once read-back (Delivery.PublishedOutputReader) uses them to find a source
/// partition's alerts; consumers may ignore them.
/// </summary>
public static class AlertHeaders
{
    /// <summary>Source topic of the sensor's records.</summary>
    public const string SourceTopic = DeadLetterHeaders.SourceTopic;

    /// <summary>Source partition of the sensor's records (decimal text).</summary>
    public const string SourcePartition = DeadLetterHeaders.SourcePartition;
}
