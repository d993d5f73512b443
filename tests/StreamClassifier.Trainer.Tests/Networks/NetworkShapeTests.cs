using StreamClassifier.Trainer.Networks;
using StreamClassifier.Trainer.Training;
using TorchSharp;

namespace StreamClassifier.Trainer.Tests.Networks;

public class NetworkShapeTests
{
    // MiniRocket is fitted in closed form (no gradient, no untrained form): see MiniRocketTests.
    public static TheoryData<string> Architectures() => new(Enum.GetValues<Architecture>().Where(architecture => !architecture.IsClosedForm()).Select(architecture => architecture.ToString()));

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Forward_gives_one_logit_per_window_and_backward_reaches_every_parameter(string architectureName)
    {
        var architecture = Enum.Parse<Architecture>(architectureName);
        using var network = NetworkFactory.Create(architecture, channels: 2, length: 48, widthScale: 0.25);
        network.train();
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var windows = torch.randn(5, 2, 48);

        var logits = network.forward(windows);
        Assert.Equal([5L, 1L], logits.shape);

        torch.nn.functional.binary_cross_entropy_with_logits(logits, torch.ones(5, 1)).backward();
        var parameters = network.named_parameters().ToList();
        Assert.NotEmpty(parameters);
        foreach (var (name, parameter) in parameters)
        {
            Assert.True(parameter.grad is not null, $"{architecture}: no gradient for {name}");
            Assert.True(parameter.grad!.abs().sum().item<float>() > 0, $"{architecture}: zero gradient for {name}");
        }
    }

    [Fact]
    public void Width_scale_scales_the_parameter_count()
    {
        using var full = NetworkFactory.Create(Architecture.Fcn, 1, 32, 1);
        using var half = NetworkFactory.Create(Architecture.Fcn, 1, 32, 0.5);

        var fullCount = full.parameters().Sum(p => p.numel());
        var halfCount = half.parameters().Sum(p => p.numel());

        // Published FCN: 1·128·8 + 128·256·5 + 256·128·3 weights dominate (~265k parameters).
        Assert.InRange(fullCount, 260_000, 270_000);
        Assert.InRange((double)halfCount / fullCount, 0.2, 0.3);
    }

    [Fact]
    public void Global_pooling_networks_accept_any_length_but_flatten_needs_the_trained_one()
    {
        using var fcn = NetworkFactory.Create(Architecture.Fcn, 1, 32, 0.25);
        using var seed = NetworkFactory.Create(Architecture.ConvDense, 1, 32, 0.25);
        fcn.eval();
        seed.eval();
        using var scope = torch.NewDisposeScope();

        Assert.Equal([2L, 1L], fcn.forward(torch.randn(2, 1, 100)).shape);
        Assert.False(fcn.RequiresFixedLength);
        Assert.True(seed.RequiresFixedLength);
        Assert.ThrowsAny<Exception>(() => seed.forward(torch.randn(2, 1, 100)));
    }

    [Theory]
    [InlineData(nameof(Architecture.Fcn))]
    [InlineData(nameof(Architecture.ResNet))]
    public void Parameter_names_stay_stable(string architectureName)
    {
        var architecture = Enum.Parse<Architecture>(architectureName);
        using var network = NetworkFactory.Create(architecture, 1, 32, 0.25);
        var names = network.state_dict().Keys.ToList();
        var expected = architecture == Architecture.Fcn ? ExpectedFcnNames() : ExpectedResNetNames();
        Assert.Equal(expected.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Too_short_windows_are_refused_with_the_minimum_named()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => NetworkFactory.Create(Architecture.ConvBatchNorm, 1, 8));
        Assert.Contains("at least 14 samples", error.Message, StringComparison.Ordinal);
    }

    private static string[] ConvBlockNames(string prefix) =>
        [$"{prefix}.conv.weight", $"{prefix}.conv.bias", $"{prefix}.norm.weight", $"{prefix}.norm.bias", $"{prefix}.norm.running_mean", $"{prefix}.norm.running_var", $"{prefix}.norm.num_batches_tracked"];

    private static List<string> ExpectedFcnNames() =>
        [.. Enumerable.Range(0, 3).SelectMany(block => ConvBlockNames($"blocks.{block}")), "output.weight", "output.bias"];

    private static List<string> ExpectedResNetNames() =>
        [.. Enumerable.Range(0, 3).SelectMany(block => new[] { "first", "second", "third", "shortcut" }.SelectMany(part => ConvBlockNames($"blocks.{block}.{part}"))), "output.weight", "output.bias"];
}
