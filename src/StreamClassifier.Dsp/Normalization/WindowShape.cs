using System.Globalization;

namespace StreamClassifier.Dsp.Normalization;

/// <summary>Argument checks shared by the normalisers.</summary>
internal static class WindowShape
{
    public static void Check(ReadOnlySpan<double> channelMajor, int channels, int length, Span<float> output, int expectedChannels)
    {
        if (channels < 1 || length < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A window needs at least one channel and one sample; got {channels} channels × {length} samples."));
        }

        if (expectedChannels > 0 && channels != expectedChannels)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The window has {channels} channels but the normaliser was built for {expectedChannels}."));
        }

        var values = (long)channels * length;
        if (channelMajor.Length < values)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The window holds {channelMajor.Length} values, fewer than {channels} channels × {length} samples."), nameof(channelMajor));
        }

        if (output.Length < values)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The output holds {output.Length} values, fewer than {channels} channels × {length} samples."), nameof(output));
        }
    }
}
