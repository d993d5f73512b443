using StreamClassifier.Trainer.Export;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace StreamClassifier.Trainer.Networks;

/// <summary>
/// Position-aware beat classifier: four blocks of Conv (16-32-32-32 filters, kernels 7-5-5-5, same
/// padding) → BatchNorm → ReLU → MaxPool 2, then Flatten → Dropout 0.3 → Dense 64 → ReLU → Dropout 0.3 →
/// Dense 1. The dense head sees every feature column with its position, so it can tell the beat at the
/// window's centre from its neighbours (global pooling cannot); the long window gives RR context.
/// </summary>
internal sealed class BeatNet : ClassifierNetwork
{
    private static readonly int[] BaseFilters = [16, 32, 32, 32];
    private static readonly int[] Kernels = [7, 5, 5, 5];

    private readonly Conv1d[] convs;
    private readonly BatchNorm1d[] norms;
    private readonly Dropout dropout;
    private readonly Linear hidden;
    private readonly Linear output;

    /// <summary>Creates the network for windows of <paramref name="channels"/> × <paramref name="length"/>.</summary>
    public BeatNet(int channels, int length, double widthScale = 1)
        : base(nameof(BeatNet), channels, length)
    {
        if (length < 16)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "BeatNet needs windows of at least 16 samples (four poolings by 2).");
        }

        convs = new Conv1d[BaseFilters.Length];
        norms = new BatchNorm1d[BaseFilters.Length];
        var inputs = channels;
        var columns = length;
        for (var block = 0; block < BaseFilters.Length; block++)
        {
            var filters = Scaled(BaseFilters[block], widthScale);
            convs[block] = nn.Conv1d(inputs, filters, Kernels[block], padding: Kernels[block] / 2);
            norms[block] = nn.BatchNorm1d(filters);
            inputs = filters;
            columns /= 2;
        }

        dropout = nn.Dropout(0.3);
        hidden = nn.Linear(inputs * columns, Scaled(64, widthScale));
        output = nn.Linear(Scaled(64, widthScale), 1);
        for (var block = 0; block < convs.Length; block++)
        {
            register_module($"conv{block}", convs[block]);
            register_module($"norm{block}", norms[block]);
        }

        RegisterComponents();
    }

    /// <inheritdoc />
    public override bool RequiresFixedLength => true;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        for (var block = 0; block < convs.Length; block++)
        {
            x = F.max_pool1d(F.relu(norms[block].forward(convs[block].forward(x))), 2);
        }

        var activations = dropout.forward(F.relu(hidden.forward(dropout.forward(x.flatten(1)))));
        return output.forward(activations).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override string WriteOnnx(OnnxNetworkWriter writer, string input)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var x = input;
        for (var block = 0; block < convs.Length; block++)
        {
            x = writer.MaxPool(writer.Relu(writer.BatchNorm(norms[block], writer.Conv(convs[block], x))), 2);
        }

        return writer.Linear(output, writer.Relu(writer.Linear(hidden, writer.Flatten(x))));
    }
}
