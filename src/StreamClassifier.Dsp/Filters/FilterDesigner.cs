using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Filters.Design;

namespace StreamClassifier.Dsp.Filters;

/// <summary>
/// Designs the second-order sections of one filter stage, matching scipy 1.10's
/// <c>butter(..., output='sos')</c> and <c>iirnotch</c> (see docs/dsp.md).
/// </summary>
public static class FilterDesigner
{
    /// <summary>Validates the spec (see <see cref="FilterSpecValidator"/>) and designs it.</summary>
    /// <exception cref="InvalidFilterSpecException">The spec cannot be designed at this sample rate; the message says why and how to fix it.</exception>
    public static SecondOrderSections Design(FilterSpec spec, double sampleRateHz)
    {
        FilterSpecValidator.Validate(spec, sampleRateHz);
        return spec.Kind switch
        {
            FilterKind.Lowpass or FilterKind.Highpass => ButterworthDesign.Design(spec.Kind, spec.Order, [spec.CutoffHz!.Value], sampleRateHz),
            FilterKind.Bandpass or FilterKind.Bandstop => ButterworthDesign.Design(spec.Kind, spec.Order, [spec.LowHz!.Value, spec.HighHz!.Value], sampleRateHz),
            _ => NotchDesign.Design(spec.FreqHz!.Value, spec.Q!.Value, sampleRateHz),
        };
    }
}
