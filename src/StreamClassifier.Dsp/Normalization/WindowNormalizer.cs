using System.Globalization;

using StreamClassifier.Core.Topology;

namespace StreamClassifier.Dsp.Normalization;

/// <summary>Builds the normaliser a <see cref="NormalizationSpec"/> asks for.</summary>
public static class WindowNormalizer
{
    /// <summary>The normaliser for <paramref name="spec"/> and a window of <paramref name="channels"/> channels.</summary>
    /// <exception cref="ArgumentException">Fixed normalisation without one finite mean and one positive std per channel.</exception>
    public static IWindowNormalizer Create(NormalizationSpec spec, int channels)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        switch (spec.Kind)
        {
            case NormalizationKind.None:
                return IdentityNormalizer.Instance;
            case NormalizationKind.ZScore:
                return ZScoreNormalizer.Instance;
            case NormalizationKind.Fixed:
                if (spec.Mean is null || spec.Std is null)
                {
                    throw new ArgumentException("Fixed normalisation needs both mean and std (normalize: {mean: [..], std: [..]}), one value per channel.", nameof(spec));
                }

                if (spec.Mean.Count != channels || spec.Std.Count != channels)
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"Fixed normalisation has {spec.Mean.Count} mean and {spec.Std.Count} std values but the stream has {channels} channels; give exactly one mean and one std per channel."), nameof(spec));
                }

                return new FixedNormalizer(spec.Mean, spec.Std);
            default:
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Normalisation kind {(int)spec.Kind} is unknown; use none, zscore or fixed."), nameof(spec));
        }
    }
}
