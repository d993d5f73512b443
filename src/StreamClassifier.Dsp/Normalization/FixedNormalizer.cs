using System.Globalization;
using System.Runtime.CompilerServices;

namespace StreamClassifier.Dsp.Normalization;

/// <summary>Per channel <c>(x − mean[c]) / std[c]</c> with constants fixed at training time (from the model card).</summary>
public sealed class FixedNormalizer : IWindowNormalizer
{
    private readonly double[] means;
    private readonly double[] scales;

    /// <summary>Creates the normaliser; <paramref name="mean"/> and <paramref name="std"/> have one finite value per channel, std above 0.</summary>
    public FixedNormalizer(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count == 0 || mean.Count != std.Count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Fixed normalisation has {mean.Count} mean values and {std.Count} std values; give one of each per channel (normalize: {{mean: [..], std: [..]}})."));
        }

        for (var channel = 0; channel < mean.Count; channel++)
        {
            if (!double.IsFinite(mean[channel]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Fixed normalisation mean[{channel}] = {mean[channel]}; every mean must be a finite number."), nameof(mean));
            }

            if (!double.IsFinite(std[channel]) || std[channel] <= 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Fixed normalisation std[{channel}] = {std[channel]}; every std must be a finite number above 0. Use the training data's standard deviation for that channel."), nameof(std));
            }
        }

        means = [.. mean];
        scales = [.. std.Select(value => 1.0 / value)];
    }

    /// <summary>Channels this normaliser was built for.</summary>
    public int Channels => means.Length;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Normalize(ReadOnlySpan<double> channelMajor, int channels, int length, Span<float> output)
    {
        WindowShape.Check(channelMajor, channels, length, output, means.Length);
        for (var channel = 0; channel < channels; channel++)
        {
            var values = channelMajor.Slice(channel * length, length);
            var normalised = output.Slice(channel * length, length);
            var mean = means[channel];
            var scale = scales[channel];
            for (var i = 0; i < values.Length; i++)
            {
                normalised[i] = (float)((values[i] - mean) * scale);
            }
        }
    }
}
