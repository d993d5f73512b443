using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Pipeline.Tests.Support;

namespace StreamClassifier.Pipeline.Tests;

public class EvictionTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static Harness Create() =>
        new(Topologies.Of(null, Topologies.Stream(state: new SensorStateSpec { IdleEvictionS = 60 })), new FakeScorer(1, 4));

    [Fact]
    public void A_sensor_idle_for_the_eviction_time_is_evicted_with_its_partial_window_counted()
    {
        using var harness = Create();

        harness.Push(Signals.Chunk("a", 0, 100, 1, 2, 3, 4, 5, 6));
        harness.Advance(30 * Second);
        harness.Push(Signals.Chunk("a", 60, 100, 7));           // activity postpones the eviction
        harness.Advance(59 * Second);

        Assert.Empty(harness.Events.OfType<SensorEvicted>());
        Assert.Equal(1, harness.Pipeline.Counters.ActiveSensors);

        harness.Advance(1 * Second);

        Assert.Equal("a", Assert.Single(harness.Events.OfType<SensorEvicted>()).SensorId);
        var drop = Assert.Single(harness.Drops);
        Assert.Equal((DropReason.PartialWindow, 3), (drop.Reason, drop.SampleCount));
        Assert.Contains("evicted after 60 s", drop.Detail, StringComparison.Ordinal);
        var counters = harness.Pipeline.Counters.Snapshot();
        Assert.Equal((1L, 0L, 0L), (counters.Evictions, counters.ActiveSensors, counters.SamplesBuffered));
        Assert.Null(harness.Pipeline.Snapshot("a"));
        Assertions.Reconciles(harness.Pipeline);
    }

    [Fact]
    public void An_evicted_sensor_starts_afresh()
    {
        using var harness = Create();

        harness.Push(Signals.Chunk("a", 1000, 100, 1, 2, 3, 4, 5));
        harness.Advance(61 * Second);
        harness.Push(Signals.Chunk("a", 0, 100, 1, 2, 3, 4));   // older than before, but the old state is gone
        harness.Complete();

        Assert.Equal([0L, 0L], harness.Scores.Select(s => s.Window.StartIndex));
        Assert.DoesNotContain(harness.Drops, d => d.Reason is DropReason.Late or DropReason.Duplicate);
    }

    [Fact]
    public void Only_idle_sensors_are_evicted()
    {
        using var harness = Create();

        harness.Push(Signals.Chunk("a", 0, 100, 1));
        harness.Push(Signals.Chunk("b", 0, 100, 1));
        for (var second = 1; second <= 90; second++)
        {
            harness.Advance(Second);
            harness.Push(Signals.Chunk("b", second * 10, 100, 1));
        }

        Assert.Equal(["a"], harness.Events.OfType<SensorEvicted>().Select(e => e.SensorId));
        Assert.Equal(["b"], harness.Pipeline.ActiveSensorIds);
    }

    [Fact]
    public void Unsubscribing_cancels_the_timers()
    {
        var harness = Create();
        harness.Push(Signals.Chunk("a", 0, 100, 1, 2, 3, 4));
        var before = harness.Events.Count;

        harness.Dispose();
        harness.Advance(120 * Second);

        Assert.Equal(before, harness.Events.Count);
    }
}
