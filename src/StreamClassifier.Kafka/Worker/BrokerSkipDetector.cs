using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace StreamClassifier.Kafka.Worker;

/// <summary>
/// Notices records of the input topic that the broker deleted before the worker read them
/// (retention on a lagging or stopped group, the embedded broker's 5 MiB per partition): the consumer
/// then resumes at the log start (<c>auto.offset.reset=earliest</c> on OffsetOutOfRange) and the next
/// record's offset jumps past the one expected. Such records can never be classified; they are counted
/// (<see cref="KafkaWorkerCounters.SkippedByBroker"/>) and logged as a warning naming the range.
/// </summary>
/// <remarks>
/// Offsets also go missing for legitimate reasons: transaction markers (control records) and aborted
/// transactional records, which read_committed never delivers, and records removed by compaction. All
/// of those lie at or above the partition's log start, whereas retention deletes only below it; so only
/// the part of a jump below the log start counts. The log start is the one the broker reported in its
/// last fetch response (librdkafka's cached low watermark: no extra request on the poll thread).
/// Used from the poll thread only (records and rebalance callbacks).
/// </remarks>
internal sealed class BrokerSkipDetector(string topic, KafkaWorkerCounters counters, ILogger logger)
{
    private static readonly TimeSpan CommittedTimeout = TimeSpan.FromSeconds(10);

    // Partition → the offset its next record has unless the broker deleted some.
    private readonly Dictionary<int, long> expected = [];

    /// <summary>How many of the offsets [<paramref name="expectedOffset"/>, <paramref name="offset"/>) the broker deleted: those below its log start.</summary>
    /// <param name="expectedOffset">The offset the record should have had.</param>
    /// <param name="offset">The offset it has.</param>
    /// <param name="logStartOffset">The partition's log start; negative when the broker did not report one (then the whole jump counts).</param>
    public static long Count(long expectedOffset, long offset, long logStartOffset)
    {
        if (expectedOffset < 0 || offset <= expectedOffset)
        {
            return 0;
        }

        var deletedBelow = logStartOffset >= 0 ? Math.Min(offset, logStartOffset) : offset;
        return Math.Max(0, deletedBelow - expectedOffset);
    }

    /// <summary>
    /// Starts watching newly assigned partitions from where the group resumes them: the checkpoint's
    /// offset, else the group's committed offset, else 0 (a group that never read the partition skips
    /// whatever retention deleted before it started).
    /// </summary>
    /// <param name="consumer">The group member (asked for committed offsets of partitions without a checkpoint offset).</param>
    /// <param name="resumeAt">Partition → the checkpoint's resume offset, or null.</param>
    public void Assigned(IConsumer<byte[]?, byte[]?> consumer, IReadOnlyDictionary<int, long?> resumeAt)
    {
        var withoutCheckpoint = new List<TopicPartition>();
        foreach (var (partition, offset) in resumeAt)
        {
            if (offset is long checkpointed)
            {
                expected[partition] = checkpointed;
            }
            else
            {
                expected.Remove(partition);
                withoutCheckpoint.Add(new TopicPartition(topic, partition));
            }
        }

        if (withoutCheckpoint.Count == 0)
        {
            return;
        }

        try
        {
            foreach (var committed in consumer.Committed(withoutCheckpoint, CommittedTimeout))
            {
                expected[committed.Partition.Value] = committed.Offset.Value >= 0 ? committed.Offset.Value : 0;
            }
        }
        catch (KafkaException exception)
        {
            // Not knowing where the group stood only loses the count of a deletion before the first record read.
            KafkaWorkerLog.CommittedOffsetsUnknown(logger, topic, string.Join(",", withoutCheckpoint.Select(tp => tp.Partition.Value)), exception.Error.Reason);
        }
    }

    /// <summary>Checks a record just read from an owned partition; counts and logs the records the broker deleted before it.</summary>
    /// <param name="consumer">The group member (its cached low watermark is the partition's log start).</param>
    /// <param name="partition">The record's partition.</param>
    /// <param name="offset">The record's offset.</param>
    public void Read(IConsumer<byte[]?, byte[]?> consumer, TopicPartition partition, long offset)
    {
        var number = partition.Partition.Value;
        var known = expected.TryGetValue(number, out var expectedOffset);
        expected[number] = offset + 1;
        if (!known || offset <= expectedOffset)
        {
            return;
        }

        var logStart = consumer.GetWatermarkOffsets(partition).Low.Value;
        var deleted = Count(expectedOffset, offset, logStart);
        if (deleted == 0)
        {
            return; // transaction markers, aborted or compacted records: nothing was lost
        }

        counters.AddSkippedByBroker(deleted);
        KafkaWorkerLog.SkippedByBroker(logger, deleted, topic, number, expectedOffset, expectedOffset + deleted - 1, logStart >= 0 ? string.Create(CultureInfo.InvariantCulture, $"the log now starts at {logStart}") : "the broker did not report its log start");
    }

    /// <summary>Stops watching partitions that were revoked or lost.</summary>
    public void Forget(IEnumerable<int> partitions)
    {
        foreach (var partition in partitions)
        {
            expected.Remove(partition);
        }
    }
}
