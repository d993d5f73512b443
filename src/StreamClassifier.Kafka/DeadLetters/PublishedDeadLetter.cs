using Confluent.Kafka;

namespace StreamClassifier.Kafka.DeadLetters;

/// <summary>A dead letter found in the dead-letter topic by <see cref="Delivery.PublishedOutputReader"/>.</summary>
/// <param name="SourcePartition">Source partition of the bad record.</param>
/// <param name="SourceOffset">Source offset of the bad record.</param>
/// <param name="Position">Where the dead letter lies in the dead-letter topic.</param>
public sealed record PublishedDeadLetter(int SourcePartition, long SourceOffset, TopicPartitionOffset Position);
