using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamClassifier.Trainer.Networks;

/// <summary>
/// Fits a <see cref="MiniRocket"/> in closed form on training windows: biases as in the reference's
/// <c>_fit_biases</c> (for each dilation and kernel, in that order, one training window drawn at random;
/// its convolution output's quantiles at the next <see cref="MiniRocketLayout.Quantiles"/>, linear
/// interpolation as <c>numpy.quantile</c>), then the PPV features of every training window, then the
/// head by <see cref="RidgeClassifierCV"/>. The same windows, feature count and seed give the same network.
/// </summary>
internal static class MiniRocketFitter
{
    /// <summary>What the fit chose, besides the network.</summary>
    /// <param name="Network">The fitted network (eval mode).</param>
    /// <param name="Ridge">The head's fit: alpha and its leave-one-out errors.</param>
    public sealed record Result(MiniRocket Network, RidgeFit Ridge);

    /// <summary>Fits on <paramref name="train"/> (training rows only: never validation or TEST).</summary>
    public static Result Fit(LabelledWindows train, int featureCount, int seed, IReadOnlyList<double>? alphas = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0)
        {
            throw new ArgumentException("MiniRocket needs at least one training window.", nameof(train));
        }

        var layout = MiniRocketLayout.For(train.Length, featureCount);
        var network = new MiniRocket(train.Channels, layout);
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var values = tensor(train.Values, [train.Count, train.Channels, train.Length]);
            network.SetBiases(FitBiases(network, values, new SeededRandom(seed)));
            var features = network.Transform(values);
            var ridge = RidgeClassifierCV.Fit(features, train.Labels, alphas);
            network.SetHead(ridge.Weights, ridge.Centre, ridge.CentredBias);
            network.eval();
            return new Result(network, ridge);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>The biases in the reference's order (dilation, kernel, quantile).</summary>
    internal static float[] FitBiases(MiniRocket network, Tensor values, SeededRandom random)
    {
        var layout = network.Layout;
        var biases = new float[layout.FeatureCount];
        var quantiles = MiniRocketLayout.Quantiles(layout.FeatureCount);
        var count = (int)values.shape[0];
        var featureIndex = 0;
        for (var dilationIndex = 0; dilationIndex < layout.Dilations.Count; dilationIndex++)
        {
            using var scope = NewDisposeScope();
            // One window per kernel, drawn in kernel order; all 84 convolved at once, kernel k's output of window k kept.
            var drawn = Enumerable.Range(0, MiniRocketLayout.KernelCount).Select(_ => (long)random.NextInt(count)).ToArray();
            var outputs = network.Convolve(values.index_select(0, tensor(drawn)), dilationIndex);
            var own = outputs.diagonal(0, 0, 1).t().contiguous().data<float>().ToArray();
            var perKernel = layout.FeaturesPerDilation[dilationIndex];
            var sorted = new double[layout.Length];
            for (var kernel = 0; kernel < MiniRocketLayout.KernelCount; kernel++)
            {
                for (var t = 0; t < sorted.Length; t++)
                {
                    sorted[t] = own[(kernel * layout.Length) + t];
                }

                Array.Sort(sorted);
                for (var feature = 0; feature < perKernel; feature++, featureIndex++)
                {
                    biases[featureIndex] = (float)Quantile(sorted, quantiles[featureIndex]);
                }
            }
        }

        return biases;
    }

    /// <summary><c>numpy.quantile</c>'s default (linear): position q·(n − 1) between the order statistics around it.</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
