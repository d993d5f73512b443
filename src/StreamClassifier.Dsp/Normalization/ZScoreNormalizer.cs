namespace StreamClassifier.Dsp.Normalization;

/// <summary>
/// Per window and channel: <c>(x − mean) / max(std, 1e-8)</c> with the population standard
/// deviation (numpy's default <c>ddof=0</c>), computed in two passes for accuracy.
/// </summary>
public sealed class ZScoreNormalizer : IWindowNormalizer
{
    /// <summary>The floor on the standard deviation, so a flat channel maps to zeros instead of NaN.</summary>
    public const double MinimumStd = 1e-8;

    /// <summary>The shared instance (the normaliser holds no state).</summary>
    public static ZScoreNormalizer Instance { get; } = new();

    /// <inheritdoc />
    public void Normalize(ReadOnlySpan<double> channelMajor, int channels, int length, Span<float> output)
    {
        WindowShape.Check(channelMajor, channels, length, output, expectedChannels: 0);
        for (var channel = 0; channel < channels; channel++)
        {
            var values = channelMajor.Slice(channel * length, length);
            var normalised = output.Slice(channel * length, length);
            var sum = 0.0;
            foreach (var value in values)
            {
                sum += value;
            }

            var mean = sum / length;
            var squares = 0.0;
            foreach (var value in values)
            {
                var deviation = value - mean;
                squares += deviation * deviation;
            }

            var scale = 1.0 / Math.Max(Math.Sqrt(squares / length), MinimumStd);
            for (var i = 0; i < values.Length; i++)
            {
                normalised[i] = (float)((values[i] - mean) * scale);
            }
        }
    }
}
