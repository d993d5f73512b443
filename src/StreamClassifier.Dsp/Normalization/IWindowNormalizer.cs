namespace StreamClassifier.Dsp.Normalization;

/// <summary>Turns a filtered window into model input. Implementations are stateless and thread-safe.</summary>
public interface IWindowNormalizer
{
    /// <summary>
    /// Normalises <paramref name="channelMajor"/> (<paramref name="channels"/> × <paramref name="length"/>
    /// doubles, <c>[channel][sample]</c>) into <paramref name="output"/> as floats in the same layout.
    /// Statistics are computed in double precision; only the result is rounded to float.
    /// </summary>
    void Normalize(ReadOnlySpan<double> channelMajor, int channels, int length, Span<float> output);
}
