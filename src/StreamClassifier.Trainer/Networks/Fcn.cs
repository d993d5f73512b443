using StreamClassifier.Trainer.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace StreamClassifier.Trainer.Networks;

/// <summary>
/// Fully convolutional network of Wang, Yan and Oates (2017): three conv blocks of 128, 256 and 128
/// filters with kernels 8, 5 and 3 ('same' padding), each BatchNorm + ReLU, then global average
/// pooling and a dense head to one logit.
/// </summary>
internal sealed class Fcn : PooledBlockNetwork<ConvBlock>
{
    /// <summary>Creates the network for windows of <paramref name="channels"/> × <paramref name="length"/>.</summary>
    public Fcn(int channels, int length, double widthScale = 1)
        : base(nameof(Fcn), channels, length, Blocks(channels, widthScale), Scaled(128, widthScale))
    {
    }

    private static ConvBlock[] Blocks(int channels, double widthScale)
    {
        var widths = new[] { Scaled(128, widthScale), Scaled(256, widthScale), Scaled(128, widthScale) };
        return
        [
            new ConvBlock(channels, widths[0], 8, relu: true),
            new ConvBlock(widths[0], widths[1], 5, relu: true),
            new ConvBlock(widths[1], widths[2], 3, relu: true),
        ];
    }
}

/// <summary>Conv ('same' padding) → BatchNorm → optional ReLU: the unit FCN and ResNet are built from.</summary>
internal sealed class ConvBlock : nn.Module<Tensor, Tensor>, IOnnxBlock
{
    private readonly Conv1d conv;
    private readonly BatchNorm1d norm;
    private readonly bool relu;

    /// <summary>Creates the block.</summary>
    public ConvBlock(int inputChannels, int outputChannels, int kernelSize, bool relu)
        : base(nameof(ConvBlock))
    {
        conv = nn.Conv1d(inputChannels, outputChannels, kernelSize, Padding.Same);
        norm = nn.BatchNorm1d(outputChannels);
        this.relu = relu;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var convolved = conv.forward(input);
        var normalised = norm.forward(convolved);
        if (!relu)
        {
            return normalised;
        }

        using (normalised)
        {
            return F.relu(normalised);
        }
    }

    /// <inheritdoc />
    public string WriteOnnx(OnnxNetworkWriter writer, string input)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var normalised = writer.BatchNorm(norm, writer.Conv(conv, input));
        return relu ? writer.Relu(normalised) : normalised;
    }
}
