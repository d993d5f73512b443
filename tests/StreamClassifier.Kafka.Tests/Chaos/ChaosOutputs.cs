using System.Text;
using StreamClassifier.Core.Records;
using StreamClassifier.Kafka.Alerts;
using StreamClassifier.Kafka.DeadLetters;
using StreamClassifier.Kafka.Tests.Support;

namespace StreamClassifier.Kafka.Tests.Chaos;

/// <summary>
/// What a downstream consumer sees on the alerts and dead-letter topics: every record from the
/// beginning to the current end (read_committed in exactly-once runs), duplicates included. Each
/// read is a new consumer with its partitions assigned, so no fault of a round (rebalances, request
/// errors, moved leaders) can make the test's own reader skip a record.
/// </summary>
/// <param name="Alerts">Every alert.</param>
/// <param name="DeadLetters">Every dead letter, as the source record it names: <c>partition@offset</c>.</param>
public sealed record ChaosOutputs(List<AlertRecord> Alerts, List<string> DeadLetters)
{
    /// <summary>Reads both topics to their end (bounded by <paramref name="timeout"/>).</summary>
    public static ChaosOutputs Read(string bootstrap, bool readCommitted, TimeSpan timeout)
    {
        var alerts = KafkaTestClients.ReadToEnd(bootstrap, "alerts", ChaosSchedule.Partitions, timeout, readCommitted)
            .Where(r => r.Message.Value is not null)
            .Select(r => AlertJson.Deserialize(r.Message.Value!))
            .ToList();
        var letters = KafkaTestClients.ReadToEnd(bootstrap, "dlq", ChaosSchedule.Partitions, timeout, readCommitted)
            .Select(r => $"{Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes(DeadLetterHeaders.SourcePartition))}@{Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes(DeadLetterHeaders.SourceOffset))}")
            .ToList();
        return new ChaosOutputs(alerts, letters);
    }
}
