namespace StreamClassifier.Dsp.Filters.Design;

/// <summary>scipy 1.10's <c>iirnotch</c> (−3 dB bandwidth <c>f0 / Q</c>) as a single biquad.</summary>
internal static class NotchDesign
{
    /// <summary>
    /// The notch's <c>[b, a]</c> is already one normalised biquad. scipy's <c>tf2sos</c> would find
    /// its roots and multiply them back out, which only adds rounding (≈1e-16), so the row is
    /// written directly.
    /// </summary>
    public static SecondOrderSections Design(double frequencyHz, double quality, double sampleRateHz)
    {
        var normalisedFrequency = 2 * frequencyHz / sampleRateHz;
        var bandwidth = normalisedFrequency / quality * Math.PI;
        var centre = normalisedFrequency * Math.PI;

        // -3 dB attenuation at the band edges.
        var edgeGain = 1 / Math.Sqrt(2);
        var beta = Math.Sqrt(1.0 - (edgeGain * edgeGain)) / edgeGain * Math.Tan(bandwidth / 2.0);
        var gain = 1.0 / (1.0 + beta);
        var cosine = Math.Cos(centre);
        return SecondOrderSections.FromFlatUnchecked(
        [
            gain, gain * (-2.0 * cosine), gain,
            1.0, -2.0 * gain * cosine, (2.0 * gain) - 1.0,
        ]);
    }
}
