using System.Runtime.CompilerServices;

namespace StreamClassifier.Dsp.Normalization;

/// <summary>Passes the filtered values through, only rounding them to float.</summary>
public sealed class IdentityNormalizer : IWindowNormalizer
{
    /// <summary>The shared instance (the normaliser holds no state).</summary>
    public static IdentityNormalizer Instance { get; } = new();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Normalize(ReadOnlySpan<double> channelMajor, int channels, int length, Span<float> output)
    {
        WindowShape.Check(channelMajor, channels, length, output, expectedChannels: 0);
        var count = channels * length;
        for (var i = 0; i < count; i++)
        {
            output[i] = (float)channelMajor[i];
        }
    }
}
