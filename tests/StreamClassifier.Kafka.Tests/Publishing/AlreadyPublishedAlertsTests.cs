using Confluent.Kafka;
using StreamClassifier.Kafka.Alerts;
using StreamClassifier.Kafka.Publishing;

namespace StreamClassifier.Kafka.Tests.Publishing;

public class AlreadyPublishedAlertsTests
{
    private static readonly Dictionary<int, long> ReadFrom = new() { [0] = 10, [1] = 20 };
    private static readonly Dictionary<int, long> Current = new() { [0] = 50, [1] = 60 };

    [Fact]
    public void A_found_alert_is_withheld_once_and_only_in_its_partition()
    {
        var published = new AlreadyPublishedAlerts();
        published.Add(2, ReadFrom, [Alert(2, "ecg-1", 1000, "raised")]);

        Assert.False(published.TryWithhold(1, "ecg-1", "ecg-1/1000/raised"));
        Assert.False(published.TryWithhold(2, "ecg-1", "ecg-1/2000/raised"));
        Assert.True(published.TryWithhold(2, "ecg-1", "ecg-1/1000/raised"));
        Assert.False(published.TryWithhold(2, "ecg-1", "ecg-1/1000/raised"));
        Assert.Equal(0, published.Count);
    }

    [Fact]
    public void The_watermark_stays_where_it_was_read_from_until_every_entry_is_matched_or_expired()
    {
        var published = new AlreadyPublishedAlerts();
        published.Add(2, ReadFrom, [Alert(2, "ecg-1", 1000, "raised"), Alert(2, "ecg-2", 1500, "cleared")]);

        Assert.Equal(ReadFrom, published.WatermarkFor(2, Current));
        Assert.True(published.TryWithhold(2, "ecg-1", "ecg-1/1000/raised"));
        Assert.Equal(ReadFrom, published.WatermarkFor(2, Current));
        published.ScoredThrough(2, "ecg-2", 1500); // the same window: its alert may still follow
        Assert.Equal(1, published.Count);
        published.ScoredThrough(2, "ecg-2", 1516); // a later window: that alert will not come back
        Assert.Equal(0, published.Count);
        Assert.Equal(Current, published.WatermarkFor(2, Current));
        Assert.Equal(Current, published.WatermarkFor(3, Current));
    }

    [Fact]
    public void Eviction_and_revocation_drop_entries()
    {
        var published = new AlreadyPublishedAlerts();
        published.Add(0, ReadFrom, [Alert(0, "ecg-1", 1000, "raised")]);
        published.Add(1, ReadFrom, [Alert(1, "ecg-2", 1000, "raised")]);

        published.Evicted(0, "ecg-1");
        published.Forget(1);

        Assert.Equal(0, published.Count);
        Assert.False(published.TryWithhold(1, "ecg-2", "ecg-2/1000/raised"));
        Assert.Equal(Current, published.WatermarkFor(0, Current));
    }

    private static PublishedAlert Alert(int partition, string sensor, long windowEndMs, string state) =>
        new(partition, $"{sensor}/{windowEndMs}/{state}", sensor, windowEndMs, new TopicPartitionOffset("alerts", 0, 25));
}
