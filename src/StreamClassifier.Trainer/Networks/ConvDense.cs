using StreamClassifier.Trainer.Export;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace StreamClassifier.Trainer.Networks;

/// <summary>One convolution and a dense head (the product's seed example 1): Conv1D 32×3 → ReLU → MaxPool 2 → Flatten → Dense 64 → ReLU → Dense 1.</summary>
internal sealed class ConvDense : ClassifierNetwork
{
    private readonly Conv1d conv;
    private readonly Linear hidden;
    private readonly Linear output;

    /// <summary>Creates the network for windows of <paramref name="channels"/> × <paramref name="length"/>.</summary>
    public ConvDense(int channels, int length, double widthScale = 1)
        : base(nameof(ConvDense), channels, length)
    {
        if (length < 4)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "ConvDense needs windows of at least 4 samples (kernel 3, then pooling by 2).");
        }

        var filters = Scaled(32, widthScale);
        var units = Scaled(64, widthScale);
        conv = nn.Conv1d(channels, filters, 3);
        hidden = nn.Linear(filters * ((length - 2) / 2), units);
        output = nn.Linear(units, 1);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override bool RequiresFixedLength => true;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var features = F.max_pool1d(F.relu(conv.forward(input)), 2).flatten(1);
        using var activations = F.relu(hidden.forward(features));
        return output.forward(activations);
    }

    /// <inheritdoc />
    public override string WriteOnnx(OnnxNetworkWriter writer, string input)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var features = writer.Flatten(writer.MaxPool(writer.Relu(writer.Conv(conv, input)), 2));
        return writer.Linear(output, writer.Relu(writer.Linear(hidden, features)));
    }
}
