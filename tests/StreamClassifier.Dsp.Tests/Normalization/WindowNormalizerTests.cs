using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Normalization;

namespace StreamClassifier.Dsp.Tests.Normalization;

public sealed class WindowNormalizerTests
{
    [Fact]
    public void ZScore_uses_the_population_std_per_channel()
    {
        double[] window = [1, 2, 3, 4, 10, 10, 10, 30];
        var output = new float[8];
        WindowNormalizer.Create(NormalizationSpec.ZScore, 2).Normalize(window, 2, 4, output);

        var std = Math.Sqrt(1.25); // population std of 1..4
        Assert.Equal([(float)(-1.5 / std), (float)(-0.5 / std), (float)(0.5 / std), (float)(1.5 / std)], output[..4]);
        var std2 = Math.Sqrt(((3 * 25.0) + 225) / 4); // mean 15
        Assert.Equal((float)(15 / std2), output[7], 6);
    }

    [Fact]
    public void ZScore_of_a_flat_channel_is_zero_not_nan()
    {
        var output = new float[3];
        ZScoreNormalizer.Instance.Normalize([5, 5, 5], 1, 3, output);
        Assert.Equal([0f, 0f, 0f], output);
    }

    [Fact]
    public void Fixed_normalisation_uses_the_given_mean_and_std_per_channel()
    {
        var normalizer = WindowNormalizer.Create(new NormalizationSpec(NormalizationKind.Fixed, [1.0, -2.0], [2.0, 0.5]), 2);
        var output = new float[4];
        normalizer.Normalize([1, 5, -2, -1], 2, 2, output);
        Assert.Equal([0f, 2f, 0f, 2f], output);
    }

    [Fact]
    public void None_passes_values_through_as_float()
    {
        var output = new float[2];
        WindowNormalizer.Create(NormalizationSpec.None, 1).Normalize([0.25, -3], 1, 2, output);
        Assert.Equal([0.25f, -3f], output);
    }

    [Fact]
    public void Fixed_normalisation_with_a_zero_std_names_the_channel()
    {
        var error = Assert.Throws<ArgumentException>(() => WindowNormalizer.Create(new NormalizationSpec(NormalizationKind.Fixed, [0.0, 0.0], [1.0, 0.0]), 2));
        Assert.Contains("std[1] = 0; every std must be a finite number above 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fixed_normalisation_with_the_wrong_channel_count_says_how_many_are_needed()
    {
        var error = Assert.Throws<ArgumentException>(() => WindowNormalizer.Create(new NormalizationSpec(NormalizationKind.Fixed, [0.0], [1.0]), 2));
        Assert.Contains("has 1 mean and 1 std values but the stream has 2 channels", error.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<ArgumentException>(() => WindowNormalizer.Create(new NormalizationSpec(NormalizationKind.Fixed, [0.0]), 1));
        Assert.Contains("needs both mean and std", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_too_small_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => ZScoreNormalizer.Instance.Normalize(new double[10], 2, 5, new float[9]));
        Assert.Contains("The output holds 9 values, fewer than 2 channels × 5 samples", error.Message, StringComparison.Ordinal);
    }
}
