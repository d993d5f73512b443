using StreamClassifier.Onnx.Export;
using StreamClassifier.Trainer.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace StreamClassifier.Trainer.Networks;

/// <summary>
/// A Conv1D stack shaped by a <see cref="ConvStackSpec"/> (the network <c>tune</c> searches over): per layer
/// Conv ('same' or valid padding) → optional BatchNorm → activation → optional max pooling → dropout, then global
/// average or max pooling or a flattening (position-aware) dense head to one logit. With valid padding the
/// exported model is streamable (its card says with which hops).
/// </summary>
internal sealed class ConfigurableConv1D : ClassifierNetwork
{
    private readonly ConvStackSpec spec;
    private readonly ModuleList<Conv1d> convs = new();
    private readonly ModuleList<BatchNorm1d> norms = new();
    private readonly Dropout? dropout;
    private readonly Linear output;

    /// <summary>Creates the network for windows of <paramref name="channels"/> × <paramref name="length"/>.</summary>
    /// <exception cref="ArgumentException">The spec is invalid or pools the window away.</exception>
    public ConfigurableConv1D(int channels, int length, ConvStackSpec spec, double widthScale = 1)
        : base(nameof(ConfigurableConv1D), channels, length)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate(nameof(ConfigurableConv1D));
        if (spec.OutputLength(length) < 1)
        {
            throw new ArgumentException($"network.pool: {(spec.Padding == ConvPadding.Valid ? "valid convolutions and " : string.Empty)}pooling by {spec.Pool} after each of {spec.Depth} layers leaves nothing of a {length}-sample window; use fewer layers, smaller kernels or a smaller pool.", nameof(spec));
        }

        this.spec = spec;
        var inputs = channels;
        for (var layer = 0; layer < spec.Depth; layer++)
        {
            var filters = Scaled(spec.Filters[layer], widthScale);
            convs.Add(spec.Padding == ConvPadding.Valid
                ? nn.Conv1d(inputs, filters, spec.KernelSizes[layer])
                : nn.Conv1d(inputs, filters, spec.KernelSizes[layer], Padding.Same));
            if (spec.BatchNorm)
            {
                norms.Add(nn.BatchNorm1d(filters));
            }

            inputs = filters;
        }

        dropout = spec.Dropout > 0 ? nn.Dropout(spec.Dropout) : null;
        output = nn.Linear(spec.Head == ConvHead.Dense ? inputs * spec.OutputLength(length) : inputs, 1);
        register_module("convs", convs);
        register_module("norms", norms);
        if (dropout is not null)
        {
            register_module("dropout", dropout);
        }

        register_module("output", output);
    }

    /// <inheritdoc />
    public override bool RequiresFixedLength => spec.Head == ConvHead.Dense;

    /// <summary>The layer stack.</summary>
    public ConvStackSpec Spec => spec;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var features = input;
        for (var layer = 0; layer < convs.Count; layer++)
        {
            features = convs[layer].forward(features);
            if (spec.BatchNorm)
            {
                features = norms[layer].forward(features);
            }

            features = Activate(features);
            if (spec.Pool > 1)
            {
                features = F.max_pool1d(features, spec.Pool);
            }

            features = dropout?.forward(features) ?? features;
        }

        var pooled = spec.Head switch
        {
            ConvHead.Dense => features.flatten(1),
            ConvHead.GlobalMax => features.amax([2]),
            _ => features.mean([2]),
        };
        return output.forward(pooled).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override string WriteOnnx(OnnxNetworkWriter writer, string input)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var features = input;
        for (var layer = 0; layer < convs.Count; layer++)
        {
            features = writer.Conv(convs[layer], features);
            if (spec.BatchNorm)
            {
                features = writer.BatchNorm(norms[layer], features);
            }

            features = WriteActivation(writer, features, layer);
            if (spec.Pool > 1)
            {
                features = writer.MaxPool(features, spec.Pool);
            }
        }

        var pooled = spec.Head switch
        {
            ConvHead.Dense => writer.Flatten(features),
            ConvHead.GlobalMax => writer.GlobalMaxPool(features),
            _ => writer.GlobalAveragePool(features),
        };
        return writer.Linear(output, pooled);
    }

    private Tensor Activate(Tensor features) => spec.Activation switch
    {
        ConvActivation.Relu => F.relu(features),
        ConvActivation.Gelu => F.gelu(features),
        ConvActivation.Elu => F.elu(features, 1.0),
        ConvActivation.LeakyRelu => F.leaky_relu(features, 0.01),
        ConvActivation.Tanh => features.tanh(),
        _ => throw new InvalidOperationException($"Unknown activation {spec.Activation}."),
    };

    // Opset 13 has no Gelu node: exact GELU is written as 0.5·x·(1 + erf(x/√2)), the formula torch evaluates.
    private string WriteActivation(OnnxNetworkWriter writer, string features, int layer)
    {
        var builder = writer.Builder;
        switch (spec.Activation)
        {
            case ConvActivation.Relu:
                return writer.Relu(features);
            case ConvActivation.Gelu:
                var name = $"{writer.Prefix}gelu{layer}";
                var erf = builder.Node("Erf", [builder.Div(features, builder.Scalar($"{name}.sqrt2", MathF.Sqrt(2)))]);
                var onePlus = builder.Add(erf, builder.Scalar($"{name}.one", 1));
                return builder.Mul(builder.Mul(features, builder.Scalar($"{name}.half", 0.5f)), onePlus);
            case ConvActivation.Elu:
                return builder.Node("Elu", [features], [OnnxAttribute.Float("alpha", 1)]);
            case ConvActivation.LeakyRelu:
                return builder.Node("LeakyRelu", [features], [OnnxAttribute.Float("alpha", 0.01f)]);
            case ConvActivation.Tanh:
                return builder.Node("Tanh", [features]);
            default:
                throw new InvalidOperationException($"Unknown activation {spec.Activation}.");
        }
    }
}
