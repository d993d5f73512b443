using System.Text;
using StreamClassifier.Kafka.Checkpoints;

namespace StreamClassifier.Kafka.Tests.Checkpoints;

public class OutputWatermarkTests
{
    [Fact]
    public void A_watermark_round_trips_as_readable_text()
    {
        var offsets = new Dictionary<int, long> { [1] = 977, [0] = 1200 };
        var bytes = OutputWatermark.ToBytes(offsets);

        Assert.Equal("0=1200,1=977", Encoding.UTF8.GetString(bytes));
        Assert.True(OutputWatermark.TryParse(bytes, out var parsed));
        Assert.Equal(offsets, parsed);
    }

    [Theory]
    [InlineData("0=12,x=3")]
    [InlineData("0:12")]
    [InlineData("0=-5")]
    public void Malformed_watermarks_are_rejected(string text) =>
        Assert.False(OutputWatermark.TryParse(Encoding.UTF8.GetBytes(text), out _));

    [Fact]
    public void The_watermark_key_names_topic_and_partition_and_is_not_mistaken_for_a_state_key()
    {
        var key = CheckpointKeys.AlertWatermark("sensors", 3);

        Assert.Equal("alerts/sensors/3", Encoding.UTF8.GetString(key));
        Assert.True(CheckpointKeys.TryParseAlertWatermark(key, "sensors", out var partition));
        Assert.Equal(3, partition);
        Assert.False(CheckpointKeys.TryParseAlertWatermark(key, "other", out _));
        Assert.False(CheckpointKeys.TryParse(key, "sensors", out _, out _));
        Assert.False(CheckpointKeys.TryParseAlertWatermark(CheckpointKeys.Offset("sensors", 3), "sensors", out _));
        Assert.False(CheckpointKeys.TryParseAlertWatermark(CheckpointKeys.DeadLetterWatermark("sensors", 3), "sensors", out _));
        Assert.True(CheckpointKeys.TryParseDeadLetterWatermark(CheckpointKeys.DeadLetterWatermark("sensors", 3), "sensors", out var deadLetterPartition));
        Assert.Equal(3, deadLetterPartition);
        Assert.False(CheckpointKeys.TryParse(CheckpointKeys.DeadLetterWatermark("sensors", 3), "sensors", out _, out _));
    }
}
