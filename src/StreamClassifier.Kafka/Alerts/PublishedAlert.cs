using Confluent.Kafka;

namespace StreamClassifier.Kafka.Alerts;

/// <summary>An alert found in the alerts topic by <see cref="Delivery.PublishedOutputReader"/>.</summary>
/// <param name="SourcePartition">Source partition of its sensor.</param>
/// <param name="AlertId">Its deterministic id.</param>
/// <param name="Sensor">Sensor id.</param>
/// <param name="WindowEndMs">End of the window that raised it.</param>
/// <param name="Position">Where it lies in the alerts topic.</param>
public sealed record PublishedAlert(int SourcePartition, string AlertId, string Sensor, long WindowEndMs, TopicPartitionOffset Position);

