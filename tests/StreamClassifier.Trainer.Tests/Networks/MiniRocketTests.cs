using StreamClassifier.Trainer.Networks;
using StreamClassifier.Trainer.Training;
using TorchSharp;

namespace StreamClassifier.Trainer.Tests.Networks;

public sealed class MiniRocketTests
{
    [Theory]
    // Expected values from the reference's _fit_dilations arithmetic (numpy.logspace, int32 truncation, remainder dealt from the start).
    [InlineData(150, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 18 }, new[] { 30, 15, 12, 12, 4, 8, 8, 4, 4, 4, 3, 3, 3, 3, 3, 3 })]
    [InlineData(24, new[] { 1, 2 }, new[] { 79, 40 })]
    [InlineData(96, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, new[] { 34, 19, 15, 12, 8, 8, 7, 3, 3, 7, 3 })]
    public void Dilations_and_features_per_dilation_follow_the_reference(int length, int[] dilations, int[] featuresPerDilation)
    {
        var layout = MiniRocketLayout.For(length);

        Assert.Equal(dilations, layout.Dilations);
        Assert.Equal(featuresPerDilation, layout.FeaturesPerDilation);
        Assert.Equal(119, layout.FeaturesPerKernel);
        Assert.Equal(9_996, layout.FeatureCount);
    }

    [Fact]
    public void Kernels_quantiles_and_pooling_alternation_follow_the_reference()
    {
        Assert.Equal(84, MiniRocketLayout.KernelPositions.Count);
        Assert.Equal((0, 1, 2), MiniRocketLayout.KernelPositions[0]);
        Assert.Equal((0, 1, 3), MiniRocketLayout.KernelPositions[1]);
        Assert.Equal((6, 7, 8), MiniRocketLayout.KernelPositions[83]);
        Assert.Equal(84, MiniRocketLayout.KernelPositions.Distinct().Count());

        Assert.Equal([0.6180340051651001, 0.2360679805278778, 0.8541019558906555], MiniRocketLayout.Quantiles(3));

        var layout = MiniRocketLayout.For(150);
        Assert.True(layout.PoolsPaddedOutput(0, 0));
        Assert.False(layout.PoolsPaddedOutput(0, 1));
        Assert.False(layout.PoolsPaddedOutput(1, 0));
        Assert.True(layout.PoolsPaddedOutput(1, 1));
        Assert.Equal(4 * 18, layout.Padding(layout.Dilations.Count - 1));

        // Too short for a valid part: every kernel pools over the padded output, and nothing breaks.
        var tiny = MiniRocketLayout.For(6, featureCount: 168);
        Assert.Equal([1], tiny.Dilations);
        Assert.True(tiny.PoolsPaddedOutput(0, 1));
    }

    [Fact]
    public void The_additions_compute_the_dilated_convolution_with_weights_two_and_minus_one()
    {
        var layout = MiniRocketLayout.For(60, featureCount: 84 * 8);
        using var network = new MiniRocket(1, layout);
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(4);
        var input = torch.randn(3, 1, 60);
        var weights = new float[84 * 9];
        for (var kernel = 0; kernel < 84; kernel++)
        {
            var (first, second, third) = MiniRocketLayout.KernelPositions[kernel];
            for (var position = 0; position < 9; position++)
            {
                weights[(kernel * 9) + position] = position == first || position == second || position == third ? 2 : -1;
            }
        }

        var kernels = torch.tensor(weights, [84, 1, 9]);
        for (var dilationIndex = 0; dilationIndex < layout.Dilations.Count; dilationIndex++)
        {
            var dilation = layout.Dilations[dilationIndex];
            var expected = torch.nn.functional.conv1d(input, kernels, padding: 4 * dilation, dilation: dilation);
            var actual = network.Convolve(input, dilationIndex);
            Assert.Equal(expected.shape, actual.shape);
            Assert.True(torch.allclose(expected, actual, rtol: 1e-5, atol: 1e-5), $"dilation {dilation}: max difference {(expected - actual).abs().max().item<float>()}");
        }
    }

    [Fact]
    public void The_same_seed_gives_identical_biases_features_and_head_and_another_seed_other_biases()
    {
        var train = SyntheticWindows.Bumps(30, 1, 64, seed: 8);
        var first = MiniRocketFitter.Fit(train, featureCount: 84 * 12, seed: 5);
        var again = MiniRocketFitter.Fit(train, featureCount: 84 * 12, seed: 5);
        var other = MiniRocketFitter.Fit(train, featureCount: 84 * 12, seed: 6);
        using (first.Network)
        using (again.Network)
        using (other.Network)
        using (var scope = torch.NewDisposeScope())
        {
            var firstState = first.Network.state_dict();
            var againState = again.Network.state_dict();
            Assert.Equal(firstState.Keys, againState.Keys);
            foreach (var (name, tensor) in firstState)
            {
                Assert.True(Same(tensor, againState[name]), $"{name} differs between two fits with the same seed");
            }

            var biasNames = firstState.Keys.Where(name => name.StartsWith("bias_", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(biasNames);
            Assert.Contains(biasNames, name => !Same(firstState[name], other.Network.state_dict()[name]));

            var input = torch.tensor(train.Values, [train.Count, 1, 64]);
            var features = first.Network.Transform(input);
            Assert.True(Same(features, again.Network.Transform(input)));
            Assert.Equal(first.Ridge, again.Ridge, RidgeFitComparer.Instance);
        }
    }

    [Fact]
    public void The_transform_yields_the_requested_number_of_proportions()
    {
        var train = SyntheticWindows.Bumps(12, 1, 40, seed: 2);
        var fit = MiniRocketFitter.Fit(train, featureCount: 10_000, seed: 1);
        using var network = fit.Network;
        using var scope = torch.NewDisposeScope();

        var features = network.Transform(torch.tensor(train.Values, [12, 1, 40]));

        Assert.Equal([12L, 9_996L], features.shape);
        Assert.Equal(9_996, network.FeatureCount);
        Assert.True(features.min().item<float>() >= 0 && features.max().item<float>() <= 1, "PPV features are proportions");
        // Biases sit inside the training outputs' range, so the features vary rather than all being 0 or 1.
        Assert.InRange(features.mean().item<float>(), 0.2, 0.8);
    }

    [Fact]
    public void Several_channels_are_summed_and_fit_without_error()
    {
        var train = SyntheticWindows.Bumps(40, 2, 48, seed: 3);
        var fit = MiniRocketFitter.Fit(train, featureCount: 84 * 6, seed: 2);
        using var network = fit.Network;
        using var scope = torch.NewDisposeScope();

        var input = torch.tensor(train.Values, [40, 2, 48]);
        var summed = input.sum(1, keepdim: true);
        using var univariate = new MiniRocket(1, network.Layout);
        using (torch.no_grad())
        {
            foreach (var (name, tensor) in network.state_dict())
            {
                univariate.state_dict()[name].copy_(tensor);
            }
        }

        Assert.Equal([40L, 1L], network.forward(input).shape);
        Assert.True(Same(network.Transform(input), univariate.Transform(summed)), "two channels are transformed as their sum");
    }

    [Fact]
    public void The_network_factory_refuses_MiniRocket_because_it_is_fitted_from_data()
    {
        var error = Assert.Throws<ArgumentException>(() => NetworkFactory.Create(Architecture.MiniRocket, 1, 100));
        Assert.Contains("MiniRocketFitter.Fit", error.Message, StringComparison.Ordinal);
    }

    private static bool Same(torch.Tensor left, torch.Tensor right) =>
        left.shape.SequenceEqual(right.shape) && left.eq(right).all().item<bool>();

    private sealed class RidgeFitComparer : IEqualityComparer<RidgeFit>
    {
        public static readonly RidgeFitComparer Instance = new();

        public bool Equals(RidgeFit? x, RidgeFit? y) =>
            x is not null && y is not null && x.Weights.SequenceEqual(y.Weights) && x.Bias == y.Bias && x.Alpha == y.Alpha && x.LeaveOneOutErrors.SequenceEqual(y.LeaveOneOutErrors);

        public int GetHashCode(RidgeFit obj) => obj.Alpha.GetHashCode();
    }
}
