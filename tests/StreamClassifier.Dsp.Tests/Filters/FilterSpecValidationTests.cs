using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Filters;

namespace StreamClassifier.Dsp.Tests.Filters;

public sealed class FilterSpecValidationTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(-5.0)]
    [InlineData(180.0)]
    [InlineData(250.0)]
    [InlineData(double.NaN)]
    public void Lowpass_cutoff_outside_0_to_nyquist_names_the_value_the_range_and_the_fix(double cutoff)
    {
        var error = Assert.Throws<InvalidFilterSpecException>(() => FilterDesigner.Design(FilterSpec.Lowpass(cutoff, 4), 360));
        Assert.Equal("cutoff_hz", error.Key);
        Assert.Contains($"cutoff_hz = {cutoff.ToString(System.Globalization.CultureInfo.InvariantCulture)} Hz", error.Message, StringComparison.Ordinal);
        Assert.Contains("0 < cutoff_hz < 180 Hz", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nyquist", error.Message, StringComparison.Ordinal);
        Assert.Contains("Choose a cutoff_hz above 0 and below 180 Hz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Highpass_cutoff_at_nyquist_is_rejected()
    {
        var error = Assert.Throws<InvalidFilterSpecException>(() => FilterDesigner.Design(FilterSpec.Highpass(125, 2), 250));
        Assert.Contains("highpass filter has cutoff_hz = 125 Hz", error.Message, StringComparison.Ordinal);
        Assert.Contains("0 < cutoff_hz < 125 Hz", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(40.0, 0.5)]
    [InlineData(40.0, 40.0)]
    public void Band_with_low_not_below_high_says_to_swap_or_widen(double low, double high)
    {
        var error = Assert.Throws<InvalidFilterSpecException>(() => FilterDesigner.Design(FilterSpec.Bandpass(low, high, 4), 360));
        Assert.Equal("low_hz", error.Key);
        Assert.Contains("low_hz must be below high_hz", error.Message, StringComparison.Ordinal);
        Assert.Contains("Swap them or widen the band so that 0 < low_hz < high_hz < 180 Hz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bandstop_high_edge_above_nyquist_names_high_hz()
    {
        var error = Assert.Throws<InvalidFilterSpecException>(() => FilterDesigner.Design(FilterSpec.Bandstop(40, 200, 2), 360));
        Assert.Equal("high_hz", error.Key);
        Assert.Contains("bandstop filter has high_hz = 200 Hz, outside the valid range 0 < high_hz < 180 Hz", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(-1)]
    public void Order_outside_1_to_8_names_the_order_and_the_range(int order)
    {
        var error = Assert.Throws<InvalidFilterSpecException>(() => FilterDesigner.Design(FilterSpec.Lowpass(40, order), 360));
        Assert.Equal("order", error.Key);
        Assert.Contains($"order = {order}", error.Message, StringComparison.Ordinal);
        Assert.Contains("from 1 to 8", error.Message, StringComparison.Ordinal);
        Assert.Contains("cascade two filters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-3.0)]
    [InlineData(double.PositiveInfinity)]
    public void Notch_q_not_above_zero_names_q_and_how_to_fix_it(double q)
    {
        var error = Assert.Throws<InvalidFilterSpecException>(() => FilterDesigner.Design(FilterSpec.Notch(60, q), 360));
        Assert.Equal("q", error.Key);
        Assert.Contains("q must be a finite number above 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("q: 30", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Notch_at_or_above_nyquist_is_rejected()
    {
        var error = Assert.Throws<InvalidFilterSpecException>(() => FilterDesigner.Design(FilterSpec.Notch(180, 30), 360));
        Assert.Equal("freq_hz", error.Key);
        Assert.Contains("0 < freq_hz < 180 Hz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Notch_with_an_order_other_than_2_says_a_notch_is_one_section()
    {
        var error = Assert.Throws<InvalidFilterSpecException>(() => FilterDesigner.Design(FilterSpec.Notch(60, 30) with { Order = 4 }, 360));
        Assert.Equal("order", error.Key);
        Assert.Contains("always a single second-order section", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FilterKind.Lowpass, "cutoff_hz")]
    [InlineData(FilterKind.Highpass, "cutoff_hz")]
    [InlineData(FilterKind.Bandpass, "low_hz")]
    [InlineData(FilterKind.Bandstop, "low_hz")]
    [InlineData(FilterKind.Notch, "freq_hz")]
    public void Missing_parameter_names_the_key_to_add(FilterKind kind, string key)
    {
        var spec = new FilterSpec { Kind = kind, Order = kind == FilterKind.Notch ? 2 : 4, Q = kind == FilterKind.Notch ? 30 : null, HighHz = kind is FilterKind.Bandpass or FilterKind.Bandstop ? 40 : null };
        var error = Assert.Throws<InvalidFilterSpecException>(() => FilterDesigner.Design(spec, 360));
        Assert.Equal(key, error.Key);
        Assert.Contains($"has no {key}. Add {key} in Hz, above 0 and below the Nyquist frequency 180 Hz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_notch_q_says_what_q_means()
    {
        var spec = new FilterSpec { Kind = FilterKind.Notch, FreqHz = 60 };
        var error = Assert.Throws<InvalidFilterSpecException>(() => FilterDesigner.Design(spec, 360));
        Assert.Equal("q", error.Key);
        Assert.Contains("The notch filter has no q. Add q, the quality factor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameter_of_another_filter_type_is_rejected_with_the_keys_that_apply()
    {
        var spec = FilterSpec.Lowpass(40, 4) with { Q = 30 };
        var error = Assert.Throws<InvalidFilterSpecException>(() => FilterDesigner.Design(spec, 360));
        Assert.Equal("q", error.Key);
        Assert.Contains("which a lowpass filter does not use. Remove q; a lowpass filter takes cutoff_hz and order.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-360.0)]
    [InlineData(double.NaN)]
    public void Sample_rate_not_above_zero_is_rejected(double sampleRate)
    {
        var error = Assert.Throws<InvalidFilterSpecException>(() => FilterDesigner.Design(FilterSpec.Lowpass(40, 4), sampleRate));
        Assert.Equal("sample_rate_hz", error.Key);
        Assert.Contains("it must be a finite number above 0 Hz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chain_without_filters_still_checks_the_sample_rate()
    {
        var error = Assert.Throws<InvalidFilterSpecException>(() => FilterChain.Create([], -1));
        Assert.Equal("sample_rate_hz", error.Key);
        Assert.Contains("The sample rate is -1 Hz; it must be a finite number above 0 Hz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chain_errors_say_which_stage_is_wrong()
    {
        var specs = new[] { FilterSpec.Bandpass(0.5, 40, 4), FilterSpec.Notch(200, 30) };
        var error = Assert.Throws<InvalidFilterSpecException>(() => FilterChain.Create(specs, 360));
        Assert.Equal("freq_hz", error.Key);
        Assert.StartsWith("filters[1] (notch 200 Hz q 30): The notch filter has freq_hz = 200 Hz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_has_no_parameter_suffix()
    {
        var error = Assert.Throws<InvalidFilterSpecException>(() => FilterDesigner.Design(FilterSpec.Lowpass(400, 4), 360));
        Assert.DoesNotContain("(Parameter", error.Message, StringComparison.Ordinal);
    }
}
