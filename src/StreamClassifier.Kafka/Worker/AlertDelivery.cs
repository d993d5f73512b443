using StreamClassifier.Core.Records;

namespace StreamClassifier.Kafka.Worker;

/// <summary>An alert the broker acknowledged, with the timing of the record that caused it.</summary>
/// <param name="Alert">The alert.</param>
/// <param name="SinceReceived">
/// Time from the poll that received the record completing the alert's window to the acknowledgement;
/// null when that record was not received by this process (a window restored from a checkpoint).
/// </param>
/// <param name="RecordTimestampMs">That record's Kafka timestamp (producer create time or broker append time), ms since the Unix epoch; null when unknown.</param>
public sealed record AlertDelivery(AlertRecord Alert, TimeSpan? SinceReceived, long? RecordTimestampMs);

/// <summary>When a record in flight was received: its Kafka timestamp and the <see cref="System.Diagnostics.Stopwatch"/> timestamp of the poll.</summary>
internal readonly record struct RecordArrival(long? RecordTimestampMs, long ReceivedTimestamp);
