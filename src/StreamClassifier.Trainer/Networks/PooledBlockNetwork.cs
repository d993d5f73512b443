using StreamClassifier.Trainer.Export;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StreamClassifier.Trainer.Networks;

/// <summary>A block of layers that can also write its own eval-mode ONNX nodes.</summary>
internal interface IOnnxBlock
{
    /// <summary>Writes the block's eval-mode nodes after <paramref name="input"/>; returns the output value name.</summary>
    string WriteOnnx(OnnxNetworkWriter writer, string input);
}

/// <summary>
/// The shape FCN and ResNet share: a stack of blocks, global average pooling over time, and one dense layer
/// to the logit. The forward pass and the exported graph are written once, here.
/// </summary>
/// <remarks>
/// The submodules are registered explicitly as <c>blocks</c> and <c>output</c>, the names TorchSharp's
/// <c>RegisterComponents</c> gave them when each network declared its own fields, so parameter names
/// (<c>blocks.0.conv.weight</c>, <c>output.bias</c>, ...) are unchanged (a test pins them).
/// </remarks>
/// <typeparam name="TBlock">The block type.</typeparam>
internal abstract class PooledBlockNetwork<TBlock> : ClassifierNetwork
    where TBlock : nn.Module<Tensor, Tensor>, IOnnxBlock
{
    private readonly ModuleList<TBlock> blocks;
    private readonly Linear output;

    /// <summary>Creates the network from its blocks (in order) and the width of the last block's output.</summary>
    protected PooledBlockNetwork(string name, int channels, int length, IReadOnlyList<TBlock> blocks, int features)
        : base(name, channels, length)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        this.blocks = nn.ModuleList([.. blocks]);
        output = nn.Linear(features, 1);
        register_module("blocks", this.blocks);
        register_module("output", output);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var features = input;
        foreach (var block in blocks)
        {
            features = block.forward(features);
        }

        return output.forward(features.mean([2])).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override string WriteOnnx(OnnxNetworkWriter writer, string input)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var features = blocks.Aggregate(input, (value, block) => block.WriteOnnx(writer, value));
        return writer.Linear(output, writer.GlobalAveragePool(features));
    }
}
