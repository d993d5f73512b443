using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline.Tests.Support;

namespace StreamClassifier.Pipeline.Tests;

public class OrderAndGapTests
{
    [Fact]
    public void A_partly_overlapping_chunk_keeps_its_new_samples_and_drops_the_rest_by_reason()
    {
        using var harness = new Harness(Topologies.Of(null, Topologies.Stream()), new FakeScorer(1, 4));
        var source = new SourcePosition("t", 3, 42);

        harness.Push(Signals.Chunk("a", 0, 100, Enumerable.Range(0, 10).Select(i => (double)i).ToArray()));               // t = 0..90
        harness.Push(new SampleChunk("a", 50, 100, 1, Enumerable.Range(5, 10).Select(i => (double)i).ToArray(), source)); // t = 50..140
        harness.Complete();

        var drops = harness.Drops.ToList();
        Assert.Equal(2, drops.Count);
        Assert.Equal((DropReason.Late, 4, source), (drops[0].Reason, drops[0].SampleCount, drops[0].Source));
        Assert.Equal((DropReason.Duplicate, 1, source), (drops[1].Reason, drops[1].SampleCount, drops[1].Source));
        Assert.Contains("last accepted sample at 90 ms", drops[0].Detail, StringComparison.Ordinal);

        // 15 accepted samples 0..14 make windows at 0, 4, 8 with exactly the values that arrived first.
        Assert.Equal([0L, 4, 8], harness.Scores.Select(s => s.Window.StartIndex));
        Assert.Equal([8f, 9, 10, 11], harness.Scores.Last().Window.Values);
        Assert.Equal(80.0, harness.Scores.Last().Window.StartMs);
        var counters = harness.Pipeline.Counters;
        Assert.Equal((4L, 1L, 0L), (counters.SamplesDroppedFor(DropReason.Late), counters.SamplesDroppedFor(DropReason.Duplicate), counters.GapResets));
        Assertions.Reconciles(harness.Pipeline);
    }

    [Fact]
    public void A_replayed_chunk_is_all_duplicates_and_an_older_one_all_late()
    {
        using var harness = new Harness(Topologies.Of(null, Topologies.Stream()), new FakeScorer(1, 4));

        harness.Push(Signals.Chunk("a", 100, 100, 1, 2, 3));
        harness.Push(Signals.Chunk("a", 120, 100, 3));
        harness.Push(Signals.Chunk("a", 0, 100, 1, 2, 3));

        Assert.Equal([(DropReason.Duplicate, 1), (DropReason.Late, 3)], harness.Drops.Select(d => (d.Reason, d.SampleCount)));
        Assert.Equal(3, harness.Pipeline.Counters.SamplesBuffered);
        Assert.Equal(2, harness.Pipeline.Counters.DropEventsFor(DropReason.Late) + harness.Pipeline.Counters.DropEventsFor(DropReason.Duplicate));
        Assertions.Reconciles(harness.Pipeline);
    }

    [Fact]
    public void Overlapping_chunks_with_rounded_times_are_recognised_as_duplicates()
    {
        using var harness = new Harness(Topologies.Of(null, Topologies.Stream(rateHz: 360)), new FakeScorer(1, 4));

        harness.Push(Signals.Chunk("a", 0, 360, new double[7]));
        // Samples 3..6 re-sent with t0 computed separately (3 × 1000/360, rounded differently): 3..5 are late, 6 a duplicate.
        harness.Push(Signals.Chunk("a", 8.333333333333, 360, new double[6]));

        Assert.Equal([(DropReason.Late, 3), (DropReason.Duplicate, 1)], harness.Drops.Select(d => (d.Reason, d.SampleCount)));
        Assert.Equal(9, harness.Pipeline.Counters.SamplesIn - harness.Pipeline.Counters.SamplesDropped);
    }

    [Fact]
    public void A_gap_beyond_the_tolerance_resets_filters_and_window_and_drops_the_partial_window()
    {
        var stream = Topologies.Stream(size: 4, hop: 2, filters: [FilterSpec.Lowpass(20, 2)]);
        using var harness = new Harness(Topologies.Of(null, stream), new FakeScorer(1, 4));

        harness.Push(Signals.Chunk("a", 0, 100, 1, 2, 3, 4, 5, 6));    // t = 0..50: windows at 0 and 2, rows 4..5 buffered
        harness.Push(Signals.Chunk("a", 100, 100, 1, 2, 3, 4, 5, 6));  // 5 periods after the last sample
        harness.Complete();

        var drop = Assert.Single(harness.Drops);
        Assert.Equal((DropReason.PartialWindow, 2), (drop.Reason, drop.SampleCount));
        Assert.Contains("gap of 5 sample periods", drop.Detail, StringComparison.Ordinal);
        Assert.Equal(1, harness.Pipeline.Counters.GapResets);

        var windows = harness.Scores.Select(s => s.Window).ToList();
        Assert.Equal([0L, 2, 6, 8], windows.Select(w => w.StartIndex));
        Assert.Equal([0.0, 20, 100, 120], windows.Select(w => w.StartMs));

        // After the reset the filter starts from rest again: same input, same output as at the very start.
        Assert.Equal(windows[0].Values, windows[2].Values);
        Assertions.Reconciles(harness.Pipeline);
    }

    [Fact]
    public void Gaps_within_the_tolerance_are_bridged()
    {
        using var harness = new Harness(Topologies.Of(null, Topologies.Stream(state: new SensorStateSpec { GapToleranceSamples = 3 })), new FakeScorer(1, 4));

        harness.Push(Signals.Chunk("a", 0, 100, 1, 2));
        harness.Push(Signals.Chunk("a", 40, 100, 3, 4)); // 3 periods after the last sample: tolerated

        Assert.Equal(0, harness.Pipeline.Counters.GapResets);
        harness.Complete();
        var window = Assert.Single(harness.Scores).Window;
        Assert.Equal([1f, 2, 3, 4], window.Values);
        Assert.Equal((0.0, 40.0), (window.StartMs, window.EndMs));
    }

    [Fact]
    public void Gap_resets_can_be_switched_off()
    {
        var scorer = new FakeScorer(1, 4);
        using var harness = new Harness(Topologies.Of(null, Topologies.Stream()), scorer, new PipelineOptions { ResetOnGap = false });

        harness.Push(Signals.Chunk("a", 0, 100, 1, 2));
        harness.Push(Signals.Chunk("a", 10_000, 100, 3, 4));
        harness.Complete();

        Assert.Equal(0, harness.Pipeline.Counters.GapResets);
        Assert.Single(harness.Scores);
    }

    [Fact]
    public void Sensors_no_stream_matches_are_dropped_as_unknown()
    {
        using var harness = new Harness(Topologies.Of(null, Topologies.Stream(sensors: "ecg-*")), new FakeScorer(1, 4));

        harness.Push(Signals.Chunk("emg-1", 0, 100, 1, 2, 3));

        var drop = Assert.Single(harness.Drops);
        Assert.Equal((DropReason.UnknownSensor, 3, "emg-1"), (drop.Reason, drop.SampleCount, drop.SensorId));
        Assert.Contains("no stream rule of topology 'test-topology' matches sensor 'emg-1'", drop.Detail, StringComparison.Ordinal);
        Assert.Equal(0, harness.Pipeline.Counters.ActiveSensors);
        Assertions.Reconciles(harness.Pipeline);
    }

    [Theory]
    [InlineData(250.0, 0, "expects 100 Hz")]
    [InlineData(100.0, 1, "takes channel 1 but the chunk has 1 channel")]
    public void Chunks_that_do_not_fit_their_stream_are_dropped_as_incompatible(double rateHz, int channel, string expected)
    {
        using var harness = new Harness(Topologies.Of(null, Topologies.Stream(channels: channel == 0 ? [0] : [0, channel])), new FakeScorer(channel == 0 ? 1 : 2, 4));

        harness.Push(Signals.Chunk("a", 0, rateHz, 1, 2, 3));

        var drop = Assert.Single(harness.Drops);
        Assert.Equal((DropReason.Incompatible, 3), (drop.Reason, drop.SampleCount));
        Assert.Contains(expected, drop.Detail, StringComparison.Ordinal);
        Assertions.Reconciles(harness.Pipeline);
    }

    [Theory]
    [InlineData(double.NaN, 0, "sample 0 channel 1 is NaN")]
    [InlineData(double.PositiveInfinity, 13, "sample 6 channel 1 is Infinity")]
    [InlineData(double.NegativeInfinity, 14, "sample 7 channel 0 is -Infinity")]
    public void Chunks_with_non_finite_values_are_refused_whole_and_do_not_poison_the_filters(double bad, int position, string expected)
    {
        var stream = Topologies.Stream(size: 4, hop: 4, channels: [0, 1], filters: [FilterSpec.Lowpass(20, 2)]);
        using var harness = new Harness(Topologies.Of(null, stream), new FakeScorer(2, 4, FakeScorer.AllValues));
        var poisoned = new double[16];
        poisoned[position == 0 ? 1 : position] = bad;

        harness.Push(new SampleChunk("a", 0, 100, 2, poisoned, null));
        harness.Push(new SampleChunk("a", 0, 100, 2, new double[16], null));
        harness.Complete();

        var drop = Assert.Single(harness.Drops);
        Assert.Equal((DropReason.Incompatible, 8), (drop.Reason, drop.SampleCount));
        Assert.Contains(expected, drop.Detail, StringComparison.Ordinal);
        Assert.Equal(2, harness.Scores.Count());
        Assert.All(harness.Scores, s => Assert.True(float.IsFinite(s.Window.Values.Sum())));
        Assertions.Reconciles(harness.Pipeline);
    }

    [Fact]
    public void The_streams_channels_are_selected_in_order_into_channel_major_windows()
    {
        using var harness = new Harness(Topologies.Of(null, Topologies.Stream(size: 2, hop: 2, channels: [2, 0])), new FakeScorer(2, 2));

        harness.Push(new SampleChunk("a", 0, 100, 3, new double[] { 1, 2, 3, 4, 5, 6 }, null));
        harness.Complete();

        Assert.Equal([3f, 6, 1, 4], Assert.Single(harness.Scores).Window.Values);
    }

    [Fact]
    public void The_first_matching_stream_rule_wins()
    {
        var first = new FakeScorer(1, 4) { ModelName = "first" };
        var second = new FakeScorer(1, 4) { ModelName = "second" };
        var topology = Topologies.Of(null, Topologies.Stream("special", "ecg-1*"), Topologies.Stream("general", "ecg-*"));
        using var harness = new Harness(topology, new Dictionary<string, Core.Scoring.IWindowScorer> { ["special"] = first, ["general"] = second });

        harness.Push(Signals.Chunk("ecg-10", 0, 100, new double[4]));
        harness.Push(Signals.Chunk("ecg-20", 0, 100, new double[4]));
        harness.Complete();

        Assert.Equal([("ecg-10", "special", "first"), ("ecg-20", "general", "second")], harness.Scores.Select(s => (s.Window.SensorId, s.Window.StreamName, s.ModelName)));
    }
}
