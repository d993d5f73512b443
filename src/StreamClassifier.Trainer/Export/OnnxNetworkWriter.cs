using StreamClassifier.Onnx.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StreamClassifier.Trainer.Export;

/// <summary>
/// Writes TorchSharp layers as eval-mode ONNX nodes into an <see cref="OnnxGraphBuilder"/>, copying
/// their trained weights into initializers. Every layer method returns the name of the value it produced.
/// </summary>
internal sealed class OnnxNetworkWriter
{
    private readonly Dictionary<string, int> counters = new(StringComparer.Ordinal);

    /// <summary>Writes into <paramref name="builder"/>.</summary>
    public OnnxNetworkWriter(OnnxGraphBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Builder = builder;
    }

    /// <summary>The graph being written.</summary>
    public OnnxGraphBuilder Builder { get; }

    /// <summary>Prefix for weight names written next (e.g. <c>m0.</c> for the first ensemble member).</summary>
    public string Prefix { get; set; } = string.Empty;

    /// <summary>Conv1d with its weights, stride, dilation and padding (explicit, or 'same' split like PyTorch: the odd sample on the right).</summary>
    public string Conv(Conv1d conv, string input)
    {
        ArgumentNullException.ThrowIfNull(conv);
        var name = NextName("conv");
        if (conv.padding_mode != PaddingModes.Zeros)
        {
            throw new NotSupportedException($"{name}: only zero padding maps to ONNX Conv, but the layer uses {conv.padding_mode}.");
        }

        var kernel = conv.kernel_size[0];
        var dilation = conv.dilation[0];
        long[] pads;
        if (conv.padding_type == Padding.Same)
        {
            var total = dilation * (kernel - 1);
            pads = [total / 2, total - (total / 2)];
        }
        else
        {
            var padding = conv.padding?[0] ?? 0;
            pads = [padding, padding];
        }

        var bias = conv.bias is null ? null : Weight($"{name}.bias", conv.bias);
        return Builder.Conv(input, Weight($"{name}.weight", conv.weight), bias,
            kernelShape: [kernel], strides: [conv.stride[0]], pads: pads, dilations: [dilation], group: conv.groups);
    }

    /// <summary>BatchNorm1d in eval mode: normalises with the running statistics.</summary>
    public string BatchNorm(BatchNorm1d norm, string input)
    {
        ArgumentNullException.ThrowIfNull(norm);
        var name = NextName("bn");
        if (norm.running_mean is null || norm.running_var is null)
        {
            throw new NotSupportedException($"{name}: a BatchNorm without running statistics has no eval-mode form to export.");
        }

        using var ones = torch.ones(norm.num_features);
        using var zeros = torch.zeros(norm.num_features);
        return Builder.BatchNormalization(
            input,
            Weight($"{name}.weight", norm.affine ? norm.weight : ones),
            Weight($"{name}.bias", norm.affine && norm.bias is not null ? norm.bias : zeros),
            Weight($"{name}.running_mean", norm.running_mean),
            Weight($"{name}.running_var", norm.running_var),
            epsilon: (float)norm.eps);
    }

    /// <summary>Linear as Gemm (input [N, in] × weightᵀ + bias).</summary>
    public string Linear(Linear linear, string input)
    {
        ArgumentNullException.ThrowIfNull(linear);
        var name = NextName("dense");
        var bias = linear.bias is null ? null : Weight($"{name}.bias", linear.bias);
        return Builder.Gemm(input, Weight($"{name}.weight", linear.weight), bias);
    }

    /// <summary>ReLU.</summary>
    public string Relu(string input) => Builder.Relu(input);

    /// <summary>Sigmoid, optionally naming its output.</summary>
    public string Sigmoid(string input, string? output = null) => Builder.Sigmoid(input, output);

    /// <summary>Max pooling with window and stride <paramref name="size"/> (floor mode, like PyTorch's default).</summary>
    public string MaxPool(string input, long size) => Builder.MaxPool(input, [size]);

    /// <summary>Flattens [N, ...] to [N, rest] (channel-major, like torch's flatten(1)).</summary>
    public string Flatten(string input) => Builder.Flatten(input);

    /// <summary>Global average pooling over time, flattened to [N, C].</summary>
    public string GlobalAveragePool(string input) => Builder.Flatten(Builder.GlobalAveragePool(input));

    /// <summary>Global max pooling over time, flattened to [N, C].</summary>
    public string GlobalMaxPool(string input) => Builder.Flatten(Builder.GlobalMaxPool(input));

    /// <summary>Concatenates along the feature axis.</summary>
    public string Concat(IReadOnlyList<string> inputs) => Builder.Concat(inputs, axis: 1);

    /// <summary>Element-wise sum.</summary>
    public string Add(string left, string right) => Builder.Add(left, right);

    /// <summary>Element-wise difference.</summary>
    public string Sub(string left, string right) => Builder.Sub(left, right);

    /// <summary>Zero padding of <paramref name="before"/> samples before and <paramref name="after"/> (default: the same) after the last axis of [N, C, L].</summary>
    public string Pad(string input, long before, long? after = null)
    {
        var pads = Builder.Initializer(NextName("pads"), [0L, 0L, before, 0L, 0L, after ?? before], 6);
        return Builder.Node("Pad", [input, pads], [OnnxAttribute.String("mode", "constant")]);
    }

    /// <summary>Elements <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive) along <paramref name="axis"/>.</summary>
    public string Slice(string input, long axis, long start, long end)
    {
        var name = NextName("slice");
        return Builder.Node("Slice", [input, Builder.Initializer($"{name}.starts", [start], 1), Builder.Initializer($"{name}.ends", [end], 1), Builder.Initializer($"{name}.axes", [axis], 1)]);
    }

    /// <summary>The entries at <paramref name="indices"/> along <paramref name="axis"/>, in that order.</summary>
    public string Gather(string input, long axis, long[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var table = Builder.Initializer(NextName("indices"), indices, indices.Length);
        return Builder.Node("Gather", [input, table], [OnnxAttribute.Int("axis", axis)]);
    }

    /// <summary>Inserts a dimension of size 1 at <paramref name="axis"/>.</summary>
    public string Unsqueeze(string input, long axis) =>
        Builder.Node("Unsqueeze", [input, Builder.Initializer(NextName("axes"), [axis], 1)]);

    /// <summary>Element-wise <c>left &gt; right</c> (with broadcasting), a boolean tensor.</summary>
    public string Greater(string left, string right) => Builder.Node("Greater", [left, right]);

    /// <summary>Casts to float32 (true → 1, false → 0).</summary>
    public string CastToFloat(string input) => Builder.Node("Cast", [input], [OnnxAttribute.Int("to", 1)]);

    /// <summary>Mean over one axis, which is removed.</summary>
    public string ReduceMean(string input, long axis) => Builder.ReduceMean(input, [axis], keepDims: false);

    /// <summary>A float constant copied from <paramref name="tensor"/> (e.g. fitted biases), named with the current prefix.</summary>
    public string Constant(string name, Tensor tensor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(tensor);
        return Weight(Prefix + name, tensor);
    }

    private string Weight(string name, Tensor tensor)
    {
        using var values = tensor.detach().cpu().to(ScalarType.Float32).contiguous();
        return Builder.Initializer(name, values.data<float>().ToArray(), values.shape);
    }

    private string NextName(string kind)
    {
        var key = Prefix + kind;
        counters.TryGetValue(key, out var index);
        counters[key] = index + 1;
        return $"{Prefix}{kind}{index}";
    }
}
