using StreamClassifier.Trainer.Export;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace StreamClassifier.Trainer.Networks;

/// <summary>
/// Two convolutions with batch normalisation (the product's seed example 2): Conv 64×5 → BatchNorm → ReLU → MaxPool 2 → Dropout 0.3 → Conv 128×3 → BatchNorm →
/// ReLU → global average pooling → Dense 128 → ReLU → Dropout 0.5 → Dense 1.
/// </summary>
internal sealed class ConvBatchNorm : ClassifierNetwork
{
    private readonly Conv1d conv1;
    private readonly BatchNorm1d norm1;
    private readonly Dropout dropout1;
    private readonly Conv1d conv2;
    private readonly BatchNorm1d norm2;
    private readonly Linear hidden;
    private readonly Dropout dropout2;
    private readonly Linear output;

    /// <summary>Creates the network for windows of <paramref name="channels"/> × <paramref name="length"/>.</summary>
    public ConvBatchNorm(int channels, int length, double widthScale = 1)
        : base(nameof(ConvBatchNorm), channels, length)
    {
        if (length < 14)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "ConvBatchNorm needs windows of at least 14 samples (kernel 5, pooling by 2, kernel 3).");
        }

        var filters1 = Scaled(64, widthScale);
        var filters2 = Scaled(128, widthScale);
        var units = Scaled(128, widthScale);
        conv1 = nn.Conv1d(channels, filters1, 5);
        norm1 = nn.BatchNorm1d(filters1);
        dropout1 = nn.Dropout(0.3);
        conv2 = nn.Conv1d(filters1, filters2, 3);
        norm2 = nn.BatchNorm1d(filters2);
        hidden = nn.Linear(filters2, units);
        dropout2 = nn.Dropout(0.5);
        output = nn.Linear(units, 1);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var block1 = dropout1.forward(F.max_pool1d(F.relu(norm1.forward(conv1.forward(input))), 2));
        var pooled = F.relu(norm2.forward(conv2.forward(block1))).mean([2]);
        var activations = dropout2.forward(F.relu(hidden.forward(pooled)));
        return output.forward(activations).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override string WriteOnnx(OnnxNetworkWriter writer, string input)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var block1 = writer.MaxPool(writer.Relu(writer.BatchNorm(norm1, writer.Conv(conv1, input))), 2);
        var pooled = writer.GlobalAveragePool(writer.Relu(writer.BatchNorm(norm2, writer.Conv(conv2, block1))));
        return writer.Linear(output, writer.Relu(writer.Linear(hidden, pooled)));
    }
}
