using StreamClassifier.Core.Topology;

namespace StreamClassifier.Dsp.Filters.Design;

/// <summary>
/// Digital Butterworth filters as scipy 1.10's <c>butter(order, edges, btype, fs=fs, output='sos')</c>:
/// analog prototype → frequency transform at the prewarped edges → bilinear transform → sections.
/// </summary>
internal static class ButterworthDesign
{
    public static SecondOrderSections Design(FilterKind kind, int order, ReadOnlySpan<double> edgesHz, double sampleRateHz)
    {
        // scipy normalises to the Nyquist frequency and designs at fs = 2, prewarping each edge.
        const double designRate = 2.0;
        Span<double> warped = stackalloc double[edgesHz.Length];
        for (var i = 0; i < edgesHz.Length; i++)
        {
            var normalised = 2 * edgesHz[i] / sampleRateHz;
            warped[i] = 2 * designRate * Math.Tan(Math.PI * normalised / designRate);
        }

        var prototype = ZeroPoleGain.ButterworthPrototype(order);
        var analog = kind switch
        {
            FilterKind.Lowpass => prototype.LowpassToLowpass(warped[0]),
            FilterKind.Highpass => prototype.LowpassToHighpass(warped[0]),
            FilterKind.Bandpass => prototype.LowpassToBandpass(Math.Sqrt(warped[0] * warped[1]), warped[1] - warped[0]),
            FilterKind.Bandstop => prototype.LowpassToBandstop(Math.Sqrt(warped[0] * warped[1]), warped[1] - warped[0]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a Butterworth filter kind."),
        };
        return SectionPairing.ToSections(analog.Bilinear(designRate));
    }
}
