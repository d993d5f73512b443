using StreamClassifier.Trainer.Export;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace StreamClassifier.Trainer.Networks;

/// <summary>
/// Parallel convolutions of three kernel sizes (the product's seed example 3): three parallel convs (64 filters each, kernels 3, 5 and 7) → ReLU → global max
/// pooling → concat → Dense 128 → ReLU → Dense 1.
/// </summary>
internal sealed class MultiKernelConv : ClassifierNetwork
{
    private static readonly int[] KernelSizes = [3, 5, 7];
    private readonly ModuleList<Conv1d> branches;
    private readonly Linear hidden;
    private readonly Linear output;

    /// <summary>Creates the network for windows of <paramref name="channels"/> × <paramref name="length"/>.</summary>
    public MultiKernelConv(int channels, int length, double widthScale = 1)
        : base(nameof(MultiKernelConv), channels, length)
    {
        if (length < 7)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "MultiKernelConv needs windows of at least 7 samples (its widest kernel).");
        }

        var filters = Scaled(64, widthScale);
        var units = Scaled(128, widthScale);
        branches = nn.ModuleList(KernelSizes.Select(k => nn.Conv1d(channels, filters, k)).ToArray());
        hidden = nn.Linear(filters * KernelSizes.Length, units);
        output = nn.Linear(units, 1);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var pooled = branches.Select(conv => F.relu(conv.forward(input)).amax([2])).ToArray();
        var features = cat(pooled, 1);
        return output.forward(F.relu(hidden.forward(features))).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override string WriteOnnx(OnnxNetworkWriter writer, string input)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var pooled = branches.Select(conv => writer.GlobalMaxPool(writer.Relu(writer.Conv(conv, input)))).ToArray();
        return writer.Linear(output, writer.Relu(writer.Linear(hidden, writer.Concat(pooled))));
    }
}
