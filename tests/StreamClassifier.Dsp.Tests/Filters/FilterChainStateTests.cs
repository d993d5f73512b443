using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Filters;

namespace StreamClassifier.Dsp.Tests.Filters;

public sealed class FilterChainStateTests
{
    private static readonly FilterChain EcgChain = FilterChain.Create([FilterSpec.Bandpass(0.5, 40, 4), FilterSpec.Notch(60, 30)], 360);

    [Fact]
    public void Checkpoint_and_restore_continue_exactly_where_the_stream_left_off()
    {
        var signal = Signal(rows: 900, channels: 2, seed: 1);
        var uninterrupted = (double[])signal.Clone();
        EcgChain.CreateState(2).Process(uninterrupted);

        var resumed = (double[])signal.Clone();
        var before = EcgChain.CreateState(2);
        before.Process(resumed.AsSpan(0, 2 * 333));
        var checkpoint = new double[before.StateLength];
        before.CopyStateTo(checkpoint);

        var after = EcgChain.CreateState(2);
        after.RestoreState(checkpoint);
        after.Process(resumed.AsSpan(2 * 333));

        Assert.Equal(uninterrupted, resumed);
        Assert.Equal(2 * EcgChain.Sections.SectionCount * 2, before.StateLength);
    }

    [Fact]
    public void Channels_are_filtered_independently()
    {
        var left = Signal(rows: 500, channels: 1, seed: 2);
        var right = Signal(rows: 500, channels: 1, seed: 3);
        var interleaved = new double[1000];
        for (var row = 0; row < 500; row++)
        {
            interleaved[2 * row] = left[row];
            interleaved[(2 * row) + 1] = right[row];
        }

        EcgChain.CreateState(2).Process(interleaved);
        EcgChain.CreateState(1).Process(left);
        EcgChain.CreateState(1).Process(right);
        for (var row = 0; row < 500; row++)
        {
            Assert.Equal(left[row], interleaved[2 * row]);
            Assert.Equal(right[row], interleaved[(2 * row) + 1]);
        }
    }

    [Fact]
    public void Reset_forgets_the_past()
    {
        var signal = Signal(rows: 300, channels: 1, seed: 4);
        var fresh = (double[])signal.Clone();
        EcgChain.CreateState(1).Process(fresh);

        var reused = EcgChain.CreateState(1);
        reused.Process(Signal(rows: 300, channels: 1, seed: 5));
        reused.Reset();
        var again = (double[])signal.Clone();
        reused.Process(again);
        Assert.Equal(fresh, again);
    }

    [Fact]
    public void A_nan_sample_is_reported_by_StateIsFinite_until_reset()
    {
        var state = EcgChain.CreateState(1);
        state.Process([1.0, 2.0]);
        Assert.True(state.StateIsFinite);
        state.Process([double.NaN]);
        Assert.False(state.StateIsFinite);
        state.Reset();
        Assert.True(state.StateIsFinite);
    }

    [Fact]
    public void A_flat_lined_input_decays_the_state_to_exact_zero_not_subnormals()
    {
        var state = EcgChain.CreateState(1);
        state.Process(Signal(rows: 500, channels: 1, seed: 9));
        var zeros = new double[250];
        for (var chunk = 0; chunk < 2000; chunk++)
        {
            Array.Clear(zeros);
            state.Process(zeros);
        }

        var delays = new double[state.StateLength];
        state.CopyStateTo(delays);
        Assert.All(delays, value => Assert.Equal(0.0, value));

        // A whole recording in one call is flushed block by block as well.
        var recording = new double[500_000];
        Signal(rows: 500, channels: 1, seed: 10).CopyTo(recording, 0);
        var oneCall = EcgChain.CreateState(1);
        oneCall.Process(recording);
        oneCall.CopyStateTo(delays);
        Assert.All(delays, value => Assert.Equal(0.0, value));
        Assert.DoesNotContain(recording, double.IsSubnormal);
    }

    [Fact]
    public void Empty_chain_passes_samples_through()
    {
        var signal = Signal(rows: 10, channels: 3, seed: 6);
        var copy = (double[])signal.Clone();
        FilterChain.Create([], 360).CreateState(3).Process(copy);
        Assert.Equal(signal, copy);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    public void Any_section_count_equals_running_the_sections_one_by_one(int sectionCount)
    {
        // The kernel fuses 4, then 2, then 1 section per pass; every split must give the same result.
        var design = FilterDesigner.Design(FilterSpec.Bandpass(0.5, 40, 8), 360).ToRows();
        var rows = Enumerable.Range(0, sectionCount).Select(i => design[i % design.Length]).ToArray();
        var signal = Signal(rows: 300, channels: 2, seed: 7);

        var fused = (double[])signal.Clone();
        var state = FilterChain.FromSections(SecondOrderSections.FromRows(rows)).CreateState(2);
        state.Process(fused.AsSpan(0, 2 * 100));
        state.Process(fused.AsSpan(2 * 100));

        var oneByOne = (double[])signal.Clone();
        foreach (var row in rows)
        {
            FilterChain.FromSections(SecondOrderSections.FromRows([row])).CreateState(2).Process(oneByOne);
        }

        for (var i = 0; i < signal.Length; i++)
        {
            Assert.Equal(oneByOne[i], fused[i], 12);
        }
    }

    [Fact]
    public void Unity_section_leaves_samples_unchanged_and_pure_delay_shifts_them()
    {
        var delay = FilterChain.FromSections(SecondOrderSections.FromRows([[0, 1, 0, 1, 0, 0], [0, 0, 1, 1, 0, 0]])).CreateState(1);
        double[] samples = [1, 2, 3, 4, 5, 6];
        delay.Process(samples);
        Assert.Equal([0, 0, 0, 1, 2, 3], samples);
    }

    [Fact]
    public void Span_that_is_not_whole_rows_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => EcgChain.CreateState(2).Process(new double[5]));
        Assert.Contains("5 values, which is not a whole number of rows of 2 channels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restoring_a_checkpoint_of_another_shape_says_so()
    {
        var error = Assert.Throws<ArgumentException>(() => EcgChain.CreateState(2).RestoreState(new double[10]));
        Assert.Contains("needs 20 (2 channels × 5 sections × 2)", error.Message, StringComparison.Ordinal);
        Assert.Contains("different filter chain or channel count", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_with_a0_other_than_one_are_normalised_and_a0_zero_is_rejected()
    {
        var scaled = SecondOrderSections.FromRows([[2, 4, 2, 2, -1, 0.5]]);
        Assert.Equal([1, 2, 1, 1, -0.5, 0.25], scaled.Coefficients.ToArray());
        var error = Assert.Throws<ArgumentException>(() => SecondOrderSections.FromRows([[1, 0, 0, 0, 0, 0]]));
        Assert.Contains("a0 = 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Frequency_response_of_a_lowpass_is_unity_at_dc_and_minus_3_db_at_the_cutoff()
    {
        var lowpass = FilterDesigner.Design(FilterSpec.Lowpass(40, 4), 360);
        Assert.Equal(1.0, lowpass.FrequencyResponse(0, 360).Magnitude, 12);
        Assert.Equal(1 / Math.Sqrt(2), lowpass.FrequencyResponse(40, 360).Magnitude, 12);
        var notch = FilterDesigner.Design(FilterSpec.Notch(60, 30), 360);
        Assert.Equal(0.0, notch.FrequencyResponse(60, 360).Magnitude, 12);
    }

    internal static double[] Signal(int rows, int channels, int seed)
    {
        var random = new Random(seed);
        var samples = new double[rows * channels];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = Math.Sin(i * 0.05) + (random.NextDouble() - 0.5);
        }

        return samples;
    }
}
