using Confluent.Kafka;
using StreamClassifier.Kafka.DeadLetters;
using StreamClassifier.Kafka.Publishing;

namespace StreamClassifier.Kafka.Tests.Publishing;

public class AlreadyPublishedDeadLettersTests
{
    private static readonly Dictionary<int, long> ReadFrom = new() { [0] = 4 };
    private static readonly Dictionary<int, long> Current = new() { [0] = 9 };

    [Fact]
    public void A_record_read_again_is_withheld_once_and_only_if_at_or_after_the_resume_offset()
    {
        var deadLettered = new AlreadyPublishedDeadLetters();
        deadLettered.Add(1, ReadFrom, resumeOffset: 100, [Letter(1, 90), Letter(1, 105), Letter(1, 120)]);

        Assert.Equal(2, deadLettered.Count);
        Assert.False(deadLettered.TryWithhold(0, 105));
        Assert.False(deadLettered.TryWithhold(1, 100));
        Assert.True(deadLettered.TryWithhold(1, 105));
        Assert.False(deadLettered.TryWithhold(1, 105));
        Assert.Equal(ReadFrom, deadLettered.WatermarkFor(1, Current));
    }

    [Fact]
    public void Entries_passed_by_without_a_bad_record_expire_and_release_the_watermark()
    {
        var deadLettered = new AlreadyPublishedDeadLetters();
        deadLettered.Add(1, ReadFrom, resumeOffset: 0, [Letter(1, 5), Letter(1, 8)]);

        // Offset 5 came back inside a restored sensor's state (skipped): 6 passes both 5 and nothing else.
        Assert.False(deadLettered.TryWithhold(1, 6));
        Assert.Equal(1, deadLettered.Count);
        Assert.True(deadLettered.TryWithhold(1, 8));
        Assert.Equal(Current, deadLettered.WatermarkFor(1, Current));
    }

    [Fact]
    public void Revocation_drops_a_partitions_entries()
    {
        var deadLettered = new AlreadyPublishedDeadLetters();
        deadLettered.Add(1, ReadFrom, resumeOffset: 0, [Letter(1, 5)]);

        deadLettered.Forget(1);

        Assert.Equal(0, deadLettered.Count);
        Assert.False(deadLettered.TryWithhold(1, 5));
    }

    private static PublishedDeadLetter Letter(int partition, long offset) => new(partition, offset, new TopicPartitionOffset("dlq", 0, offset));
}
