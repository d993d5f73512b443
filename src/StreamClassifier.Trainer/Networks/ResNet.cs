using StreamClassifier.Trainer.Export;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace StreamClassifier.Trainer.Networks;

/// <summary>
/// Residual network of Wang, Yan and Oates (2017): three residual blocks of 64, 128 and 128 filters,
/// each three convs (kernels 8, 5, 3, 'same' padding, BatchNorm, ReLU between) plus a 1×1-conv +
/// BatchNorm shortcut, summed and passed through ReLU; then global average pooling and a dense head.
/// </summary>
internal sealed class ResNet : PooledBlockNetwork<ResidualBlock>
{
    /// <summary>Creates the network for windows of <paramref name="channels"/> × <paramref name="length"/>.</summary>
    public ResNet(int channels, int length, double widthScale = 1)
        : base(nameof(ResNet), channels, length, Blocks(channels, widthScale), Scaled(128, widthScale))
    {
    }

    private static ResidualBlock[] Blocks(int channels, double widthScale)
    {
        var widths = new[] { Scaled(64, widthScale), Scaled(128, widthScale), Scaled(128, widthScale) };
        return
        [
            new ResidualBlock(channels, widths[0]),
            new ResidualBlock(widths[0], widths[1]),
            new ResidualBlock(widths[1], widths[2]),
        ];
    }
}

/// <summary>One ResNet block: conv 8 → conv 5 → conv 3 (BatchNorm each, ReLU on the first two), plus a 1×1 shortcut, then ReLU.</summary>
internal sealed class ResidualBlock : nn.Module<Tensor, Tensor>, IOnnxBlock
{
    private readonly ConvBlock first;
    private readonly ConvBlock second;
    private readonly ConvBlock third;
    private readonly ConvBlock shortcut;

    /// <summary>Creates the block.</summary>
    public ResidualBlock(int inputChannels, int outputChannels)
        : base(nameof(ResidualBlock))
    {
        first = new ConvBlock(inputChannels, outputChannels, 8, relu: true);
        second = new ConvBlock(outputChannels, outputChannels, 5, relu: true);
        third = new ConvBlock(outputChannels, outputChannels, 3, relu: false);
        shortcut = new ConvBlock(inputChannels, outputChannels, 1, relu: false);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var residual = third.forward(second.forward(first.forward(input)));
        return F.relu(residual + shortcut.forward(input)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public string WriteOnnx(OnnxNetworkWriter writer, string input)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var residual = third.WriteOnnx(writer, second.WriteOnnx(writer, first.WriteOnnx(writer, input)));
        return writer.Relu(writer.Add(residual, shortcut.WriteOnnx(writer, input)));
    }
}
