using StreamClassifier.Trainer.Data.Recordings;

namespace StreamClassifier.Trainer.Tests.Recordings;

public sealed class EventLabelRuleTests
{
    private static readonly EventLabelRule Rule = new() { PositiveLabels = ["fault"], MinOverlap = 0.5 };

    [Theory]
    [InlineData(1000, 3000, 1)] // a long event covers the 2 s window [1000, 3000) entirely
    [InlineData(2000, 9000, 1)] // covers half of the window: 1000 of 2000 ms
    [InlineData(2100, 9000, -1)] // covers 900 ms: touched, not enough
    [InlineData(2500, 2900, 1)] // a short event entirely inside
    [InlineData(2800, 3200, 1)] // a short event half inside (200 of 400 ms)
    [InlineData(2850, 3250, -1)] // a short event less than half inside
    [InlineData(3000, 4000, 0)] // starts where the window ends (end exclusive)
    [InlineData(0, 1000, 0)] // ends where the window starts
    public void A_window_is_labelled_by_its_overlap_with_the_shorter_of_window_and_event(double start, double end, int expected)
    {
        Assert.Equal(expected, Rule.Label([new LabelledEvent("s", start, end, "fault")], 1000, 3000));
    }

    [Fact]
    public void Events_of_other_labels_are_negatives_and_any_qualifying_event_makes_a_positive()
    {
        Assert.Equal(0, Rule.Label([new LabelledEvent("s", 0, 10_000, "maintenance")], 1000, 3000));
        Assert.Equal(1, Rule.Label([new LabelledEvent("s", 900, 1100, "fault"), new LabelledEvent("s", 1500, 2500, "fault")], 1000, 3000));
        Assert.Contains("dropped as ambiguous", Rule.Describe(), StringComparison.Ordinal);
    }
}
