using Confluent.Kafka;

namespace StreamClassifier.Kafka.Consuming;

/// <summary>
/// Reads assigned partitions from given offsets to their end within a deadline, for the group-less
/// read-back consumers (checkpoints, published outputs). The consumer must have
/// <c>EnablePartitionEof</c> set: a partition is done when its end-of-partition event arrives.
/// </summary>
internal static class PartitionReadBack
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Assigns <paramref name="assignment"/>, hands every record to <paramref name="onRecord"/> until
    /// each assigned partition reports its end, then unassigns (also when it throws).
    /// </summary>
    /// <param name="consumer">A consumer with partition EOF events enabled.</param>
    /// <param name="assignment">Partitions and start offsets; nothing is read when empty.</param>
    /// <param name="deadline">When to give up.</param>
    /// <param name="timeoutMessage">The message of the <see cref="TimeoutException"/>, given the partitions not yet at their end.</param>
    /// <param name="onRecord">Called for each record (not for EOF events).</param>
    /// <exception cref="TimeoutException">Some partition did not reach its end before <paramref name="deadline"/>.</exception>
    public static void ReadToEnd(
        IConsumer<byte[]?, byte[]?> consumer,
        IReadOnlyCollection<TopicPartitionOffset> assignment,
        DateTime deadline,
        Func<IReadOnlyCollection<int>, string> timeoutMessage,
        Action<ConsumeResult<byte[]?, byte[]?>> onRecord)
    {
        if (assignment.Count == 0)
        {
            return;
        }

        var pending = assignment.Select(tpo => tpo.Partition.Value).ToHashSet();
        consumer.Assign(assignment);
        try
        {
            while (pending.Count > 0)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw new TimeoutException(timeoutMessage(pending));
                }

                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is null)
                {
                    continue;
                }

                if (result.IsPartitionEOF)
                {
                    pending.Remove(result.Partition.Value);
                    continue;
                }

                onRecord(result);
            }
        }
        finally
        {
            consumer.Unassign();
        }
    }

    /// <summary>
    /// The partition's watermarks, asked again until <paramref name="deadline"/> while the broker answers
    /// with a non-fatal error: a partition whose leader is down or moving fails the query at once
    /// (<c>Local: Unknown partition</c>, transport errors) although it is readable again moments later,
    /// and the callers' deadlines are for exactly such waits. Each attempt is bounded by
    /// <see cref="AttemptTimeout"/>: a query sent to a broker that is down times out even after the
    /// broker is back, while a new one succeeds.
    /// </summary>
    /// <exception cref="KafkaException">The last error, once the deadline has passed, or a fatal one.</exception>
    public static WatermarkOffsets Watermarks(IConsumer<byte[]?, byte[]?> consumer, TopicPartition partition, DateTime deadline)
    {
        while (true)
        {
            try
            {
                var remaining = Remaining(deadline);
                return consumer.QueryWatermarkOffsets(partition, remaining < AttemptTimeout ? remaining : AttemptTimeout);
            }
            catch (KafkaException exception) when (!exception.Error.IsFatal && DateTime.UtcNow + RetryPause < deadline)
            {
                Thread.Sleep(RetryPause); // the broker's recovery is what is waited for; bounded by the deadline
                RefreshMetadata(consumer, partition.Topic);
            }
        }
    }

    /// <summary>
    /// Asks for the topic's metadata on the consumer's own handle: a handle that learnt of the partition
    /// while its leader was down keeps it leaderless until something refreshes its metadata.
    /// </summary>
    private static void RefreshMetadata(IConsumer<byte[]?, byte[]?> consumer, string topic)
    {
        try
        {
            using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
            admin.GetMetadata(topic, AttemptTimeout);
        }
        catch (KafkaException)
        {
            // Still unavailable: the next attempt finds out.
        }
    }

    /// <summary>What is left until <paramref name="deadline"/>, at least 100 ms so a late call still gets one short try.</summary>
    public static TimeSpan Remaining(DateTime deadline)
    {
        var left = deadline - DateTime.UtcNow;
        return left > TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100);
    }
}
