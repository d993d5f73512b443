using Confluent.Kafka;
using StreamClassifier.Kafka.Checkpoints;
using StreamClassifier.Kafka.Delivery;
using StreamClassifier.Kafka.Worker;

namespace StreamClassifier.Kafka.Commits;

/// <summary>
/// Exactly-once: the output watermarks and the read-back (docs/kafka.md, "Exactly-once on the mock
/// broker"). Each cut records, per source partition, where in the alerts and dead-letter topics the
/// outputs it does not cover can start; after an assignment the outputs visible past those
/// watermarks are read back with read_committed and handed to the publisher's already-published
/// ledgers, so the restored pipeline does not publish them twice. On a real broker it finds nothing.
/// </summary>
internal sealed class OutputReadBack(CommitContext context, TrackedProducer producer, object sendGate) : IDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);
    private readonly string? alertsTopic = context.Topology.Sinks.AlertsTopic;
    private readonly string? deadLetterTopic = context.Topology.Sinks.DeadLetterTopic;
    private PublishedOutputReader? reader;
    private Dictionary<int, long> alertFloor = [];
    private Dictionary<int, long> deadLetterFloor = [];

    /// <summary>Where this incarnation's outputs can start: nothing it sends lands before the topics' current ends.</summary>
    /// <exception cref="InvalidOperationException">An output topic does not exist.</exception>
    public void Start(ClientConfig clientConfig)
    {
        reader = new PublishedOutputReader(clientConfig, context.Logger);
        alertFloor = alertsTopic is null ? [] : reader.EndOffsets(alertsTopic, ReadTimeout);
        deadLetterFloor = deadLetterTopic is null ? [] : reader.EndOffsets(deadLetterTopic, ReadTimeout);
    }

    /// <summary>
    /// After an assignment: for partitions whose checkpoint has an output watermark, reads the alerts
    /// (dead letters) visible from it; for partitions without one, writes a watermark first and waits
    /// for it, so a later crash has one. A failure stops the worker.
    /// </summary>
    public void Assigned(IReadOnlyList<int> numbers, IReadOnlyDictionary<int, PartitionCheckpoint> checkpoints)
    {
        var source = context.SourceTopic;
        var publisher = context.Publisher;
        try
        {
            var missing = new List<(int Partition, byte[] Key, byte[] Value)>();
            if (alertsTopic is not null)
            {
                var found = ReadBack(numbers, n => checkpoints[n].AlertWatermark, missing, CheckpointKeys.AlertWatermark, alertFloor, alertsTopic, reader!.ReadAlerts, alert => (alert.SourcePartition, alert.Position));
                foreach (var (number, watermark, alerts) in found)
                {
                    publisher.AlreadyPublishedAlerts.Add(number, watermark, alerts);
                    if (alerts.Count > 0)
                    {
                        KafkaWorkerLog.AlreadyPublished(context.Logger, alerts.Count, "alert(s)", source, number, alertsTopic);
                    }
                }
            }

            if (deadLetterTopic is not null)
            {
                var found = ReadBack(numbers, n => checkpoints[n].DeadLetterWatermark, missing, CheckpointKeys.DeadLetterWatermark, deadLetterFloor, deadLetterTopic, reader!.ReadDeadLetters, deadLetter => (deadLetter.SourcePartition, deadLetter.Position));
                foreach (var (number, watermark, deadLetters) in found)
                {
                    publisher.AlreadyPublishedDeadLetters.Add(number, watermark, checkpoints[number].NextOffset ?? 0, deadLetters);
                    if (deadLetters.Count > 0)
                    {
                        KafkaWorkerLog.AlreadyPublished(context.Logger, deadLetters.Count, "dead letter(s)", source, number, deadLetterTopic);
                    }
                }
            }

            WriteMissing(missing);
        }
        catch (Exception exception) when (exception is KafkaException or TimeoutException or InvalidOperationException)
        {
            context.Fail(new InvalidOperationException($"Reading back the outputs of {source}[{string.Join(",", numbers)}] failed: {exception.Message}", exception));
        }
    }

    /// <summary>
    /// Adds each cut partition's watermarks to <paramref name="batch"/>. Nothing can be sent between the
    /// cut and here (pipeline gate, or nothing in flight), so these lie at or before every later output.
    /// </summary>
    public void AddWatermarks(CheckpointBatch batch)
    {
        var alertsNow = CurrentWatermark(alertsTopic, alertFloor);
        var deadLettersNow = CurrentWatermark(deadLetterTopic, deadLetterFloor);
        var source = context.SourceTopic;
        foreach (var partition in batch.Offsets.Keys)
        {
            if (alertsTopic is not null)
            {
                batch.Records.Add((partition, CheckpointKeys.AlertWatermark(source, partition), OutputWatermark.ToBytes(context.Publisher.AlreadyPublishedAlerts.WatermarkFor(partition, alertsNow))));
            }

            if (deadLetterTopic is not null)
            {
                batch.Records.Add((partition, CheckpointKeys.DeadLetterWatermark(source, partition), OutputWatermark.ToBytes(context.Publisher.AlreadyPublishedDeadLetters.WatermarkFor(partition, deadLettersNow))));
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => reader?.Dispose();

    private void WriteMissing(List<(int Partition, byte[] Key, byte[] Value)> missing)
    {
        if (missing.Count == 0)
        {
            return;
        }

        lock (sendGate)
        {
            var last = 0L;
            foreach (var (number, key, value) in missing)
            {
                last = context.Checkpoints.Send(number, key, value, $"output watermark of {context.SourceTopic}[{number}]", producer);
            }

            if (!producer.WaitForAcknowledgements(last, context.Options.DrainTimeout))
            {
                throw new TimeoutException($"the output watermarks of {context.SourceTopic}[{string.Join(",", missing.Select(m => m.Partition).Distinct())}] were not acknowledged within {context.Options.DrainTimeout.TotalSeconds:0} s");
            }
        }
    }

    /// <summary>
    /// Reads one output topic back for the partitions that have a watermark for it (returning what
    /// lies past each partition's own watermark), and queues a watermark for those that have none.
    /// </summary>
    private List<(int Partition, IReadOnlyDictionary<int, long> Watermark, List<T> Found)> ReadBack<T>(
        IReadOnlyList<int> numbers,
        Func<int, IReadOnlyDictionary<int, long>?> watermarkOf,
        List<(int Partition, byte[] Key, byte[] Value)> missing,
        Func<string, int, byte[]> keyOf,
        Dictionary<int, long> floor,
        string topic,
        Func<string, IReadOnlyDictionary<int, long>, string, IReadOnlySet<int>, TimeSpan, List<T>> read,
        Func<T, (int SourcePartition, TopicPartitionOffset Position)> locate)
    {
        var source = context.SourceTopic;
        var watermarked = numbers.Where(n => watermarkOf(n) is not null).ToHashSet();
        var current = OutputWatermark.ToBytes(CurrentWatermark(topic, floor));
        missing.AddRange(numbers.Where(n => !watermarked.Contains(n)).Select(n => (n, keyOf(source, n), current)));
        if (watermarked.Count == 0)
        {
            return [];
        }

        var from = watermarked.SelectMany(n => watermarkOf(n)!).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Min(kv => kv.Value));
        var found = read(topic, from, source, watermarked, ReadTimeout);
        return [.. watermarked.Select(n =>
        {
            var watermark = watermarkOf(n)!;
            var past = found.Where(output => locate(output) is var (sourcePartition, position)
                && sourcePartition == n && position.Offset.Value >= watermark.GetValueOrDefault(position.Partition.Value)).ToList();
            return (n, watermark, past);
        })];
    }

    /// <summary>Per partition of an output topic, where this worker's next record there can land at the earliest.</summary>
    private Dictionary<int, long> CurrentWatermark(string? topic, Dictionary<int, long> floor)
    {
        var current = new Dictionary<int, long>(floor);
        if (topic is not null)
        {
            foreach (var (partition, end) in producer.DeliveredEndOffsets(topic))
            {
                current[partition] = Math.Max(end, current.GetValueOrDefault(partition));
            }
        }

        return current;
    }
}
