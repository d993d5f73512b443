using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Windowing;

namespace StreamClassifier.Dsp.Tests.Windowing;

public sealed class SlidingWindowTests
{
    [Fact]
    public void First_window_starts_at_row_0_and_then_every_hop()
    {
        var window = new SlidingWindow(new WindowSpec(4, 2), 1);
        var starts = new List<long>();
        var rows = Enumerable.Range(0, 11).Select(i => (double)i).ToArray();
        var remaining = rows.AsSpan();
        while (!remaining.IsEmpty)
        {
            remaining = remaining[window.Append(remaining)..];
            if (window.WindowReady)
            {
                starts.Add(window.WindowStartIndex);
                var values = new double[4];
                window.CopyWindowTo(values);
                Assert.Equal(Enumerable.Range((int)window.WindowStartIndex, 4).Select(i => (double)i), values);
            }
        }

        Assert.Equal([0, 2, 4, 6], starts);
        Assert.Equal(11, window.RowsSeen);
    }

    [Fact]
    public void Hop_larger_than_size_skips_the_rows_between_windows()
    {
        var rows = Enumerable.Range(0, 40).Select(i => (double)i).ToArray();
        foreach (var chunk in new[] { 1, 3, 0 })
        {
            var windows = SlidingWindowGoldenTests.Cut(rows, 1, new WindowSpec(3, 10), chunk, NormalizationSpec.None);
            Assert.Equal([0, 10, 20, 30], windows.Select(w => w.Start));
            Assert.Equal([20f, 21f, 22f], windows[2].Values);
        }
    }

    [Fact]
    public void Channels_come_out_channel_major()
    {
        var window = new SlidingWindow(new WindowSpec(3, 3), 2);
        Assert.Equal(3, window.Append([1, 10, 2, 20, 3, 30, 4, 40]));
        Assert.True(window.WindowReady);
        var values = new double[6];
        window.CopyWindowTo(values);
        Assert.Equal([1, 2, 3, 10, 20, 30], values);
        Assert.False(window.WindowReady);
    }

    [Fact]
    public void Checkpoint_and_restore_continue_with_the_same_windows()
    {
        var rows = FilterChainStateTestsSignal(rows: 700, channels: 2);
        var uninterrupted = SlidingWindowGoldenTests.Cut(rows, 2, new WindowSpec(128, 32), 50, NormalizationSpec.None);

        var before = new SlidingWindow(new WindowSpec(128, 32), 2);
        var collected = new List<(long Start, double[] Values)>();
        Feed(before, rows.AsSpan(0, 2 * 301), collected);
        var checkpoint = new double[before.StateLength];
        before.CopyStateTo(checkpoint);

        var after = new SlidingWindow(new WindowSpec(128, 32), 2);
        after.RestoreState(checkpoint, before.RowsSeen);
        Feed(after, rows.AsSpan(2 * 301), collected);

        Assert.Equal(uninterrupted.Select(w => w.Start), collected.Select(w => w.Start));
        for (var i = 0; i < collected.Count; i++)
        {
            Assert.Equal(uninterrupted[i].Values, collected[i].Values.Select(v => (float)v));
        }
    }

    [Fact]
    public void Reset_starts_counting_again_from_zero()
    {
        var window = new SlidingWindow(new WindowSpec(2, 1), 1);
        window.Append([1, 2, 3]);
        window.Reset();
        Assert.Equal(0, window.RowsSeen);
        Assert.False(window.WindowReady);
        Assert.Equal(1, window.Append([7]));
        Assert.False(window.WindowReady);
        Assert.Equal(1, window.Append([8]));
        Assert.True(window.WindowReady);
        Assert.Equal(0, window.WindowStartIndex);
    }

    [Fact]
    public void Invalid_window_spec_says_what_to_set()
    {
        var size = Assert.Throws<ArgumentException>(() => new SlidingWindow(new WindowSpec(0, 1), 1));
        Assert.Contains("The window size is 0; it must be at least 1 sample", size.Message, StringComparison.Ordinal);
        var hop = Assert.Throws<ArgumentException>(() => new SlidingWindow(new WindowSpec(10, 0), 1));
        Assert.Contains("The window hop is 0; it must be at least 1 sample", hop.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Copying_without_a_ready_window_is_an_error()
    {
        var window = new SlidingWindow(new WindowSpec(4, 2), 1);
        window.Append([1, 2]);
        var error = Assert.Throws<InvalidOperationException>(() => window.CopyWindowTo(new double[4]));
        Assert.Contains("No window is ready", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restoring_a_checkpoint_of_another_shape_says_so()
    {
        var error = Assert.Throws<ArgumentException>(() => new SlidingWindow(new WindowSpec(4, 2), 2).RestoreState(new double[4], 3));
        Assert.Contains("needs 8 (4 samples × 2 channels)", error.Message, StringComparison.Ordinal);
    }

    private static void Feed(SlidingWindow window, ReadOnlySpan<double> rows, List<(long, double[])> collected)
    {
        while (!rows.IsEmpty)
        {
            // Small uneven chunks exercise the ring's wrap-around.
            var chunk = rows[..Math.Min(rows.Length, 2 * 13)];
            var consumed = window.Append(chunk);
            rows = rows[(consumed * window.Channels)..];
            if (window.WindowReady)
            {
                var start = window.WindowStartIndex;
                var values = new double[window.Size * window.Channels];
                window.CopyWindowTo(values);
                collected.Add((start, values));
            }
        }
    }

    private static double[] FilterChainStateTestsSignal(int rows, int channels) => Filters.FilterChainStateTests.Signal(rows, channels, seed: 11);
}
