using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StreamClassifier.Trainer.Export;

/// <summary>
/// Collects the eval-mode ONNX nodes and initializers of one or more networks (a small in-memory
/// graph: op types, value names, attributes, float weights). <see cref="OnnxModelExporter"/> turns
/// it into a ModelProto. Every layer method returns the name of the value it produced.
/// </summary>
public sealed class OnnxNetworkWriter
{
    private readonly List<OnnxNode> nodes = [];
    private readonly List<OnnxInitializer> initializers = [];
    private readonly Dictionary<string, int> counters = new(StringComparer.Ordinal);

    /// <summary>Prefix for names written next (e.g. <c>m0/</c> for the first ensemble member).</summary>
    public string Prefix { get; set; } = string.Empty;

    /// <summary>The nodes, in topological (written) order.</summary>
    public IReadOnlyList<OnnxNode> Nodes => nodes;

    /// <summary>The weights.</summary>
    public IReadOnlyList<OnnxInitializer> Initializers => initializers;

    /// <summary>Conv1d with its weights, stride, dilation and padding (explicit or 'same', PyTorch's split: extra on the right).</summary>
    public string Conv(Conv1d conv, string input)
    {
        ArgumentNullException.ThrowIfNull(conv);
        var name = NextName("conv");
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

        if (conv.padding_mode != PaddingModes.Zeros)
        {
            throw new NotSupportedException($"Only zero padding exports to ONNX Conv; {name} uses {conv.padding_mode}.");
        }

        var inputs = new List<string> { input, Weight($"{name}.weight", conv.weight) };
        if (conv.bias is not null)
        {
            inputs.Add(Weight($"{name}.bias", conv.bias));
        }

        return Node("Conv", name, inputs, new Dictionary<string, object>
        {
            ["kernel_shape"] = new[] { kernel },
            ["strides"] = new[] { conv.stride[0] },
            ["dilations"] = new[] { dilation },
            ["pads"] = pads,
            ["group"] = conv.groups,
        });
    }

    /// <summary>BatchNorm1d in eval mode: normalises with the running statistics.</summary>
    public string BatchNorm(BatchNorm1d norm, string input)
    {
        ArgumentNullException.ThrowIfNull(norm);
        var name = NextName("bn");
        if (norm.running_mean is null || norm.running_var is null)
        {
            throw new NotSupportedException($"{name}: BatchNorm without running statistics cannot be exported in eval mode.");
        }

        var features = norm.num_features;
        using var ones = torch.ones(features);
        using var zeros = torch.zeros(features);
        return Node("BatchNormalization", name,
            [
                input,
                Weight($"{name}.weight", norm.affine ? norm.weight : ones),
                Weight($"{name}.bias", norm.affine && norm.bias is not null ? norm.bias : zeros),
                Weight($"{name}.running_mean", norm.running_mean),
                Weight($"{name}.running_var", norm.running_var),
            ],
            new Dictionary<string, object> { ["epsilon"] = (float)norm.eps });
    }

    /// <summary>Linear as Gemm (input [N, in] × weightᵀ + bias).</summary>
    public string Linear(Linear linear, string input)
    {
        ArgumentNullException.ThrowIfNull(linear);
        var name = NextName("dense");
        var inputs = new List<string> { input, Weight($"{name}.weight", linear.weight) };
        if (linear.bias is not null)
        {
            inputs.Add(Weight($"{name}.bias", linear.bias));
        }

        return Node("Gemm", name, inputs, new Dictionary<string, object> { ["transB"] = 1L });
    }

    /// <summary>ReLU.</summary>
    public string Relu(string input) => Node("Relu", NextName("relu"), [input]);

    /// <summary>Sigmoid.</summary>
    public string Sigmoid(string input) => Node("Sigmoid", NextName("sigmoid"), [input]);

    /// <summary>Max pooling with window and stride <paramref name="size"/> (floor mode, like PyTorch's default).</summary>
    public string MaxPool(string input, long size)
        => Node("MaxPool", NextName("maxpool"), [input], new Dictionary<string, object>
        {
            ["kernel_shape"] = new[] { size },
            ["strides"] = new[] { size },
        });

    /// <summary>Flattens [N, ...] to [N, rest].</summary>
    public string Flatten(string input)
        => Node("Flatten", NextName("flatten"), [input], new Dictionary<string, object> { ["axis"] = 1L });

    /// <summary>Global average pooling over time, flattened to [N, C].</summary>
    public string GlobalAveragePool(string input) => Flatten(Node("GlobalAveragePool", NextName("gap"), [input]));

    /// <summary>Global max pooling over time, flattened to [N, C].</summary>
    public string GlobalMaxPool(string input) => Flatten(Node("GlobalMaxPool", NextName("gmp"), [input]));

    /// <summary>Concatenates along the feature axis.</summary>
    public string Concat(IReadOnlyList<string> inputs)
        => Node("Concat", NextName("concat"), inputs, new Dictionary<string, object> { ["axis"] = 1L });

    /// <summary>Element-wise sum.</summary>
    public string Add(string left, string right) => Node("Add", NextName("add"), [left, right]);

    /// <summary>Element-wise mean of several values (ensemble averaging).</summary>
    public string Mean(IReadOnlyList<string> inputs) => Node("Mean", NextName("mean"), inputs);

    private string Node(string opType, string name, IReadOnlyList<string> inputs, IReadOnlyDictionary<string, object>? attributes = null)
    {
        var output = $"{name}.out";
        nodes.Add(new OnnxNode(opType, name, inputs, [output], attributes ?? new Dictionary<string, object>()));
        return output;
    }

    private string Weight(string name, Tensor tensor)
    {
        using var values = tensor.detach().cpu().to(ScalarType.Float32).contiguous();
        initializers.Add(new OnnxInitializer(name, values.shape, values.data<float>().ToArray()));
        return name;
    }

    private string NextName(string kind)
    {
        var key = Prefix + kind;
        counters.TryGetValue(key, out var index);
        counters[key] = index + 1;
        return $"{Prefix}{kind}{index}";
    }
}

/// <summary>One ONNX node: attributes hold <see cref="long"/>, <see cref="float"/> or <see cref="long"/>[] values.</summary>
/// <param name="OpType">ONNX operator.</param>
/// <param name="Name">Unique node name.</param>
/// <param name="Inputs">Input value names.</param>
/// <param name="Outputs">Output value names.</param>
/// <param name="Attributes">Attributes by name.</param>
public sealed record OnnxNode(string OpType, string Name, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyDictionary<string, object> Attributes);

/// <summary>A float32 weight tensor.</summary>
/// <param name="Name">Value name.</param>
/// <param name="Dims">Shape.</param>
/// <param name="Values">Row-major values.</param>
public sealed record OnnxInitializer(string Name, long[] Dims, float[] Values);
