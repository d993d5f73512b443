namespace StreamClassifier.Kafka.DeadLetters;

/// <summary>Header names on dead-letter records (the original record's own headers are kept too).</summary>
public static class DeadLetterHeaders
{
    /// <summary>Error kind, snake_case (e.g. <c>non_finite</c>).</summary>
    public const string ErrorKind = "streamclassifier.error.kind";

    /// <summary>Human-readable reason.</summary>
    public const string ErrorReason = "streamclassifier.error.reason";

    /// <summary>Topic the record was consumed from.</summary>
    public const string SourceTopic = "streamclassifier.source.topic";

    /// <summary>Partition it was consumed from (decimal text).</summary>
    public const string SourcePartition = "streamclassifier.source.partition";

    /// <summary>Its offset (decimal text).</summary>
    public const string SourceOffset = "streamclassifier.source.offset";
}
