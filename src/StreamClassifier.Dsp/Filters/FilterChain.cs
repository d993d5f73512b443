using System.Globalization;

using StreamClassifier.Core.Topology;

namespace StreamClassifier.Dsp.Filters;

/// <summary>
/// The coefficients of a whole filter chain for one stream: every stage designed at the stream's
/// sample rate and cascaded in order. Immutable and shared by all sensors of the stream; each
/// sensor holds its own <see cref="FilterChainState"/>.
/// </summary>
public sealed class FilterChain
{
    private FilterChain(SecondOrderSections sections, IReadOnlyList<FilterSpec> specs, double sampleRateHz)
    {
        Sections = sections;
        Specs = specs;
        SampleRateHz = sampleRateHz;
    }

    /// <summary>All sections of all stages, in processing order.</summary>
    public SecondOrderSections Sections { get; }

    /// <summary>The stages this chain was designed from (empty for <see cref="FromSections"/>).</summary>
    public IReadOnlyList<FilterSpec> Specs { get; }

    /// <summary>The sample rate the chain was designed for, Hz (NaN for <see cref="FromSections"/>).</summary>
    public double SampleRateHz { get; }

    /// <summary>Designs every stage and cascades them. An empty list gives a pass-through chain.</summary>
    /// <exception cref="InvalidFilterSpecException">A stage is invalid; the message starts with <c>filters[i]</c> and names the value at fault.</exception>
    public static FilterChain Create(IReadOnlyList<FilterSpec> specs, double sampleRateHz)
    {
        ArgumentNullException.ThrowIfNull(specs);
        if (!double.IsFinite(sampleRateHz) || sampleRateHz <= 0)
        {
            throw new InvalidFilterSpecException(
                "sample_rate_hz",
                string.Create(CultureInfo.InvariantCulture, $"The sample rate is {sampleRateHz} Hz; it must be a finite number above 0 Hz. Set sample_rate_hz to the sensor's real sampling rate (for example 360)."));
        }

        var parts = new SecondOrderSections[specs.Count];
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i] ?? throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"filters[{i}] is null."), nameof(specs));
            try
            {
                parts[i] = FilterDesigner.Design(spec, sampleRateHz);
            }
            catch (InvalidFilterSpecException invalid)
            {
                throw new InvalidFilterSpecException(
                    invalid.Key,
                    string.Create(CultureInfo.InvariantCulture, $"filters[{i}] ({spec}): {invalid.Message}"));
            }
        }

        return new FilterChain(SecondOrderSections.Concat(parts), [.. specs], sampleRateHz);
    }

    /// <summary>A chain over sections designed elsewhere (for example read from a model card).</summary>
    public static FilterChain FromSections(SecondOrderSections sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        return new FilterChain(sections, [], double.NaN);
    }

    /// <summary>Fresh (zero) delay-line state for one sensor with <paramref name="channels"/> interleaved channels.</summary>
    public FilterChainState CreateState(int channels) => new(Sections, channels);
}
