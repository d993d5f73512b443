using System.Globalization;

using StreamClassifier.Core.Topology;

namespace StreamClassifier.Dsp.Filters;

/// <summary>
/// Checks a <see cref="FilterSpec"/> against a sample rate before design, with messages that say
/// which value is wrong, what range is valid and how to fix it.
/// </summary>
public static class FilterSpecValidator
{
    /// <summary>Lowest Butterworth order designed.</summary>
    public const int MinOrder = 1;

    /// <summary>Highest Butterworth order designed (higher orders are numerically fragile as a single stage; cascade two filters instead).</summary>
    public const int MaxOrder = 8;

    /// <summary>Throws <see cref="InvalidFilterSpecException"/> when the spec cannot be designed at this sample rate.</summary>
    public static void Validate(FilterSpec spec, double sampleRateHz)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!double.IsFinite(sampleRateHz) || sampleRateHz <= 0)
        {
            throw new InvalidFilterSpecException("sample_rate_hz", Format(
                $"The sample rate is {sampleRateHz} Hz; it must be a finite number above 0 Hz. Set sample_rate_hz to the sensor's real sampling rate (for example 360)."));
        }

        var nyquist = sampleRateHz / 2;
        var name = KindName(spec.Kind);
        switch (spec.Kind)
        {
            case FilterKind.Lowpass:
            case FilterKind.Highpass:
                RequireOrder(spec, name);
                var cutoff = Require(spec.CutoffHz, "cutoff_hz", name, nyquist);
                RequireInBand(cutoff, "cutoff_hz", name, nyquist, sampleRateHz);
                RejectUnused(spec, name, ("low_hz", spec.LowHz), ("high_hz", spec.HighHz), ("freq_hz", spec.FreqHz), ("q", spec.Q));
                break;

            case FilterKind.Bandpass:
            case FilterKind.Bandstop:
                ValidateBand(spec, name, nyquist, sampleRateHz);
                break;

            case FilterKind.Notch:
                ValidateNotch(spec, name, nyquist, sampleRateHz);
                break;

            default:
                throw new InvalidFilterSpecException("type", Format(
                    $"The filter type {(int)spec.Kind} is unknown. Use one of lowpass, highpass, bandpass, bandstop, notch."));
        }
    }

    private static void ValidateBand(FilterSpec spec, string name, double nyquist, double sampleRateHz)
    {
        RequireOrder(spec, name);
        var low = Require(spec.LowHz, "low_hz", name, nyquist);
        var high = Require(spec.HighHz, "high_hz", name, nyquist);
        RequireInBand(low, "low_hz", name, nyquist, sampleRateHz);
        RequireInBand(high, "high_hz", name, nyquist, sampleRateHz);
        if (low >= high)
        {
            throw new InvalidFilterSpecException("low_hz", Format(
                $"The {name} filter has low_hz = {low} Hz and high_hz = {high} Hz; low_hz must be below high_hz. Swap them or widen the band so that 0 < low_hz < high_hz < {nyquist} Hz."));
        }

        RejectUnused(spec, name, ("cutoff_hz", spec.CutoffHz), ("freq_hz", spec.FreqHz), ("q", spec.Q));
    }

    private static void ValidateNotch(FilterSpec spec, string name, double nyquist, double sampleRateHz)
    {
        if (spec.Order is not (0 or 2))
        {
            throw new InvalidFilterSpecException("order", Format(
                $"The notch filter has order = {spec.Order}; a notch is always a single second-order section. Remove order from the notch (or set it to 2); for a wider rejection use a bandstop filter."));
        }

        var frequency = Require(spec.FreqHz, "freq_hz", name, nyquist);
        RequireInBand(frequency, "freq_hz", name, nyquist, sampleRateHz);
        if (spec.Q is not { } quality)
        {
            throw new InvalidFilterSpecException("q", Format(
                $"The notch filter has no q. Add q, the quality factor (above 0; the notch is freq_hz / q wide at -3 dB, e.g. q: 30)."));
        }

        if (!double.IsFinite(quality) || quality <= 0)
        {
            throw new InvalidFilterSpecException("q", Format(
                $"The notch filter has q = {quality}; q must be a finite number above 0 (the notch is freq_hz / q wide at -3 dB). Use e.g. q: 30 for a narrow mains notch."));
        }

        RejectUnused(spec, name, ("cutoff_hz", spec.CutoffHz), ("low_hz", spec.LowHz), ("high_hz", spec.HighHz));
    }

    /// <summary>The topology spelling of a filter kind (<c>lowpass</c>, ..., <c>notch</c>).</summary>
    public static string KindName(FilterKind kind) => kind switch
    {
        FilterKind.Lowpass => "lowpass",
        FilterKind.Highpass => "highpass",
        FilterKind.Bandpass => "bandpass",
        FilterKind.Bandstop => "bandstop",
        FilterKind.Notch => "notch",
        _ => kind.ToString(),
    };

    private static void RequireOrder(FilterSpec spec, string name)
    {
        if (spec.Order is < MinOrder or > MaxOrder)
        {
            throw new InvalidFilterSpecException("order", Format(
                $"The {name} filter has order = {spec.Order}; the order must be an integer from {MinOrder} to {MaxOrder}. Set order within that range (for a steeper roll-off, cascade two filters)."));
        }
    }

    private static double Require(double? value, string key, string name, double nyquist) =>
        value ?? throw new InvalidFilterSpecException(key, Format(
            $"The {name} filter has no {key}. Add {key} in Hz, above 0 and below the Nyquist frequency {nyquist} Hz."));

    private static void RequireInBand(double value, string key, string name, double nyquist, double sampleRateHz)
    {
        if (!double.IsFinite(value) || value <= 0 || value >= nyquist)
        {
            throw new InvalidFilterSpecException(key, Format(
                $"The {name} filter has {key} = {value} Hz, outside the valid range 0 < {key} < {nyquist} Hz (the Nyquist frequency, half the {sampleRateHz} Hz sample rate). Choose a {key} above 0 and below {nyquist} Hz, or check sample_rate_hz."));
        }
    }

    private static void RejectUnused(FilterSpec spec, string name, params (string Key, double? Value)[] unused)
    {
        foreach (var (key, value) in unused)
        {
            if (value is not null)
            {
                throw new InvalidFilterSpecException(key, Format(
                    $"The {name} filter has {key} = {value}, which a {name} filter does not use. Remove {key}; a {name} filter takes {UsedKeys(spec.Kind)}."));
            }
        }
    }

    private static string UsedKeys(FilterKind kind) => kind switch
    {
        FilterKind.Lowpass or FilterKind.Highpass => "cutoff_hz and order",
        FilterKind.Bandpass or FilterKind.Bandstop => "low_hz, high_hz and order",
        _ => "freq_hz and q",
    };

    private static string Format(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
