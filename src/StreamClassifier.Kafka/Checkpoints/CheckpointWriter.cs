using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Clients;
using StreamClassifier.Kafka.Delivery;
using StreamClassifier.Kafka.Publishing;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Pipeline;

namespace StreamClassifier.Kafka.Checkpoints;

/// <summary>
/// Takes consistent cuts and writes them to the compacted checkpoint topic (creating the topic when
/// it is missing): per source partition the changed sensors' snapshots (tombstones for evicted ones)
/// and the resume offset. Source partition p's records go to checkpoint partition p mod N.
/// </summary>
internal sealed class CheckpointWriter(KafkaSourceSpec source, ClassificationPipeline pipeline, PartitionLedger ledger, OutputPublisher publisher, ILogger logger)
{
    /// <summary>Partitions of the checkpoint topic.</summary>
    public int PartitionCount { get; private set; } = 1;

    /// <summary>The checkpoint topic.</summary>
    public string Topic => source.EffectiveCheckpointTopic;

    /// <summary>Finds the checkpoint topic's partition count, creating the topic (compacted, as many partitions as the source) when it is missing.</summary>
    /// <exception cref="InvalidOperationException">The topic is missing and could not be created; the message says how to create it.</exception>
    public void Prepare(AdminClientConfig adminConfig)
    {
        using var admin = new AdminClientBuilder(adminConfig).WithLogger(logger).Build();
        int? PartitionsOf(string topic)
        {
            var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
            var found = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
            return found is { Error.IsError: false, Partitions.Count: > 0 } ? found.Partitions.Count : null;
        }

        if (PartitionsOf(Topic) is not int count)
        {
            var partitionsWanted = PartitionsOf(source.Topic) ?? 4;
            try
            {
                admin.CreateTopicsAsync(
                    [new TopicSpecification { Name = Topic, NumPartitions = partitionsWanted, ReplicationFactor = -1, Configs = new Dictionary<string, string> { ["cleanup.policy"] = "compact" } }],
                    new CreateTopicsOptions { RequestTimeout = TimeSpan.FromSeconds(10), OperationTimeout = TimeSpan.FromSeconds(10) })
                    .Wait(TimeSpan.FromSeconds(12));
            }
            catch (AggregateException exception) when (exception.InnerException is CreateTopicsException or KafkaException)
            {
                KafkaWorkerLog.CheckpointTopicNotCreated(logger, Topic, exception.InnerException.Message);
            }

            count = PartitionsOf(Topic) ?? throw new InvalidOperationException(
                $"The checkpoint topic '{Topic}' does not exist and could not be created. Create it as a compacted topic (cleanup.policy=compact) with {partitionsWanted} partitions, or set source.kafka.checkpoint_topic.");
        }

        PartitionCount = count;
    }

    /// <summary>
    /// A consistent cut. The resume offsets are read first, then each changed sensor's state, then the
    /// last send's sequence number: every record before a resume offset has completed (so its alerts
    /// were sent before that number), and every alert a snapshot's state already reflects was sent
    /// before the snapshot. Waiting for that number's acknowledgement therefore covers both.
    /// </summary>
    public CheckpointBatch Capture(IReadOnlyCollection<int>? only, TrackedProducer producer)
    {
        var batch = new CheckpointBatch();
        var (offsets, changed) = ledger.Cut(only);
        foreach (var (partition, offset) in offsets)
        {
            batch.Offsets[partition] = offset;
        }

        foreach (var (partition, sensorId, evicted) in changed)
        {
            var snapshot = evicted ? null : pipeline.Snapshot(sensorId);
            batch.Records.Add((partition, CheckpointKeys.Sensor(source.Topic, partition, sensorId), snapshot?.ToBytes()));
        }

        foreach (var (partition, offset) in batch.Offsets)
        {
            batch.Records.Add((partition, CheckpointKeys.Offset(source.Topic, partition), Encoding.UTF8.GetBytes(offset.ToString(CultureInfo.InvariantCulture))));
        }

        batch.WorkSequence = producer.LastSequence;
        return batch;
    }

    /// <summary>Sends the cut's records (after flushing the local alert sinks it covers); sets its checkpoint sequence.</summary>
    public void Write(CheckpointBatch batch, TrackedProducer producer)
    {
        publisher.FlushSinks();
        foreach (var (partition, key, value) in batch.Records)
        {
            Send(partition, key, value, $"checkpoint of {source.Topic}[{partition}]", producer);
        }

        batch.CheckpointSequence = producer.LastSequence;
    }

    /// <summary>Sends one checkpoint record of source partition <paramref name="sourcePartition"/>; returns its sequence number.</summary>
    public long Send(int sourcePartition, byte[] key, byte[]? value, string what, TrackedProducer producer) =>
        producer.Send(Topic, new Message<byte[]?, byte[]?> { Key = key, Value = value }, what, sourcePartition % PartitionCount);
}
