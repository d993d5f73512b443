using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamClassifier.Kafka.Clients;
using StreamClassifier.Kafka.Consuming;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Checkpoints;

namespace StreamClassifier.Kafka.Checkpoints;

/// <summary>
/// Reads a source partition's checkpoint back from the compacted topic on assignment: the last value
/// of every key wins, tombstones delete. Reads with read_committed, so in exactly-once mode only
/// checkpoints of committed transactions count.
/// </summary>
public sealed class CheckpointReader : IDisposable
{
    private readonly IConsumer<byte[]?, byte[]?> consumer;
    private readonly string checkpointTopic;
    private readonly string sourceTopic;

    /// <summary>Creates a reader (a group-less consumer that only assigns partitions).</summary>
    /// <param name="clientConfig">Shared client settings (bootstrap, security).</param>
    /// <param name="checkpointTopic">The compacted checkpoint topic.</param>
    /// <param name="sourceTopic">The source topic whose checkpoints are read.</param>
    /// <param name="logger">Receives librdkafka's log and client errors.</param>
    public CheckpointReader(ClientConfig clientConfig, string checkpointTopic, string sourceTopic, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        this.checkpointTopic = checkpointTopic;
        this.sourceTopic = sourceTopic;
        var config = new ConsumerConfig(clientConfig.ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            GroupId = "streamclassifier-checkpoint-reader",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            IsolationLevel = IsolationLevel.ReadCommitted,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).WithLogger(logger ?? NullLogger.Instance).Build();
    }

    /// <summary>Reads the checkpoints of <paramref name="sourcePartitions"/> (bounded by <paramref name="timeout"/>).</summary>
    /// <exception cref="TimeoutException">The checkpoint topic could not be read in time; the message names it.</exception>
    public IReadOnlyDictionary<int, PartitionCheckpoint> Read(IReadOnlyCollection<int> sourcePartitions, int checkpointPartitionCount, TimeSpan timeout)
    {
        var state = new CheckpointFold(sourceTopic, sourcePartitions);
        var deadline = DateTime.UtcNow + timeout;
        var assignment = new List<TopicPartitionOffset>();
        foreach (var partition in sourcePartitions.Select(p => p % checkpointPartitionCount).Distinct())
        {
            var topicPartition = new TopicPartition(checkpointTopic, partition);
            var watermarks = PartitionReadBack.Watermarks(consumer, topicPartition, deadline);
            if (watermarks.High.Value > watermarks.Low.Value)
            {
                assignment.Add(new TopicPartitionOffset(topicPartition, watermarks.Low));
            }
        }

        PartitionReadBack.ReadToEnd(
            consumer,
            assignment,
            deadline,
            pending => $"Reading checkpoint topic '{checkpointTopic}' partitions {string.Join(",", pending)} did not reach their end within {timeout.TotalSeconds:0} s; check that the topic is readable (and, in exactly-once mode, that no transaction is stuck open).",
            state.Apply);
        return state.ToCheckpoints();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        consumer.Close();
        consumer.Dispose();
    }

    /// <summary>
    /// The checkpoints of some source partitions folded from the topic's records in order: the last
    /// value of every key wins, tombstones delete, keys of other partitions or topics are ignored.
    /// </summary>
    private sealed class CheckpointFold(string sourceTopic, IReadOnlyCollection<int> sourcePartitions)
    {
        private readonly Dictionary<int, long> offsets = [];
        private readonly Dictionary<int, IReadOnlyDictionary<int, long>> alertWatermarks = [];
        private readonly Dictionary<int, IReadOnlyDictionary<int, long>> deadLetterWatermarks = [];
        private readonly Dictionary<int, Dictionary<string, SensorStateSnapshot>> sensors =
            sourcePartitions.ToDictionary(p => p, _ => new Dictionary<string, SensorStateSnapshot>(StringComparer.Ordinal));

        public void Apply(ConsumeResult<byte[]?, byte[]?> result)
        {
            var key = result.Message.Key;
            var value = result.Message.Value;
            if (key is null || TryApplyWatermark(key, value))
            {
                return;
            }

            if (!CheckpointKeys.TryParse(key, sourceTopic, out var sourcePartition, out var sensorId) || !sensors.TryGetValue(sourcePartition, out var bySensor))
            {
                return;
            }

            if (sensorId is null)
            {
                if (value is not null && long.TryParse(Encoding.UTF8.GetString(value), NumberStyles.None, CultureInfo.InvariantCulture, out var next))
                {
                    offsets[sourcePartition] = next;
                }
            }
            else if (value is null)
            {
                bySensor.Remove(sensorId);
            }
            else
            {
                bySensor[sensorId] = SensorStateSnapshot.FromBytes(value);
            }
        }

        public Dictionary<int, PartitionCheckpoint> ToCheckpoints() =>
            sourcePartitions.ToDictionary(p => p, p => new PartitionCheckpoint(p, offsets.TryGetValue(p, out var next) ? next : null, sensors[p])
            {
                AlertWatermark = alertWatermarks.GetValueOrDefault(p),
                DeadLetterWatermark = deadLetterWatermarks.GetValueOrDefault(p),
            });

        /// <summary>True when the key is an alert or dead-letter watermark (taken when it is one of ours and parses).</summary>
        private bool TryApplyWatermark(byte[] key, byte[]? value)
        {
            var isAlert = CheckpointKeys.TryParseAlertWatermark(key, sourceTopic, out var partition);
            if (!isAlert && !CheckpointKeys.TryParseDeadLetterWatermark(key, sourceTopic, out partition))
            {
                return false;
            }

            if (sensors.ContainsKey(partition) && value is not null && OutputWatermark.TryParse(value, out var parsed))
            {
                (isAlert ? alertWatermarks : deadLetterWatermarks)[partition] = parsed;
            }

            return true;
        }
    }
}
