using System.Globalization;
using System.Text;
using StreamClassifier.Onnx.Proto;

namespace StreamClassifier.Onnx.Streaming;

/// <summary>
/// Walks a graph's nodes in order and sorts them into trunk and head (see <see cref="StreamableGraph"/>),
/// tracking channels, columns and stride of every trunk value.
/// </summary>
internal sealed class StreamableGraphAnalyzer
{
    private static readonly HashSet<string> Pointwise = new(StringComparer.Ordinal)
    {
        "Relu", "LeakyRelu", "Elu", "Selu", "Tanh", "Sigmoid", "HardSigmoid", "Softplus", "Erf", "Abs", "Neg", "Exp",
        "Identity", "Add", "Sub", "Mul", "Div", "Max", "Min", "Pow", "Clip", "BatchNormalization",
    };

    private readonly ModelProto model;
    private readonly long windowLength;
    private readonly Dictionary<string, TensorProto> initializers;
    private readonly Dictionary<string, ColumnValue> trunkValues = new(StringComparer.Ordinal);
    private readonly HashSet<string> headReads = new(StringComparer.Ordinal);
    private readonly List<int> trunk = [];
    private readonly List<int> head = [];
    private readonly List<WindowedLayer> layers = [];
    private long headMacs;

    public StreamableGraphAnalyzer(ModelProto model, long windowLength)
    {
        this.model = model;
        this.windowLength = windowLength;
        initializers = model.Graph?.Initializer.ToDictionary(tensor => tensor.Name, StringComparer.Ordinal) ?? [];
    }

    private readonly record struct ColumnValue(long Channels, long Columns, long Stride);

    public StreamableGraph Run()
    {
        var graph = model.Graph;
        var inputs = graph?.Input.Where(input => !initializers.ContainsKey(input.Name)).ToList() ?? [];
        if (inputs.Count != 1 || inputs[0].Type?.TensorType?.Shape is not { Dim.Count: 3 } shape || shape.Dim[1].DimValue < 1)
        {
            return NotStreamable("the graph does not have exactly one [batch, channels, length] input with a fixed channel count");
        }

        if (model.OpsetImport.Where(opset => opset.Domain.Length == 0 || opset.Domain == "ai.onnx").Select(opset => opset.Version).DefaultIfEmpty(0).Max() < 10)
        {
            return NotStreamable("the graph targets an operator set below 10, which has no Slice with tensor inputs to carry columns with; re-export at opset 10 or later");
        }

        var input = inputs[0].Name;
        trunkValues[input] = new ColumnValue(shape.Dim[1].DimValue, windowLength, 1);
        for (var index = 0; index < graph!.Node.Count; index++)
        {
            if (Visit(index, graph.Node[index]) is { } reason)
            {
                return NotStreamable(reason);
            }
        }

        return Finish(input, graph);
    }

    private StreamableGraph Finish(string input, GraphProto graph)
    {
        if (headReads.Count != 1)
        {
            return NotStreamable(headReads.Count == 0
                ? "no head reads the feature columns (the output is computed per column, not per window)"
                : $"the head reads several trunk values ({string.Join(", ", headReads.Order(StringComparer.Ordinal))}); it may read only the last feature columns");
        }

        if (graph.Output.Any(output => trunkValues.ContainsKey(output.Name)))
        {
            return NotStreamable("a graph output is a per-column value of the trunk");
        }

        var features = headReads.Single();
        var value = trunkValues[features];
        return new StreamableGraph(windowLength, null)
        {
            InputName = input,
            InputChannels = trunkValues[input].Channels,
            FeatureName = features,
            FeatureChannels = value.Channels,
            FeatureColumns = value.Columns,
            HopMultiple = checked((int)trunkValues.Values.Max(column => column.Stride)),
            TrunkNodes = trunk,
            HeadNodes = head,
            Layers = layers,
            HeadMacs = headMacs,
        };
    }

    private string? Visit(int index, NodeProto node)
    {
        var reads = node.Input.Where(trunkValues.ContainsKey).ToList();
        if (reads.Count == 0)
        {
            head.Add(index);
            headMacs += DenseMacs(node);
            return null;
        }

        var windowed = node.OpType is "Conv" or "MaxPool" or "AveragePool";
        var output = node.Output.Count != 1 || (windowed && reads[0] != node.Input[0]) ? null : node.OpType switch
        {
            "Conv" => Convolution(index, node, trunkValues[reads[0]]),
            "MaxPool" or "AveragePool" => Pooling(index, node, trunkValues[reads[0]]),
            _ when Pointwise.Contains(node.OpType) => PointwiseValue(node, reads),
            _ => null,
        };
        if (output is { Reason: { } reason })
        {
            return $"node {Describe(node)}: {reason}";
        }

        if (output is null)
        {
            head.Add(index);
            headMacs += DenseMacs(node);
            headReads.UnionWith(reads);
            return null;
        }

        trunk.Add(index);
        trunkValues[node.Output[0]] = output.Value.Value;
        return null;
    }

    private (ColumnValue Value, string? Reason)? Convolution(int index, NodeProto node, ColumnValue input)
    {
        if (node.Input.Count < 2 || !initializers.TryGetValue(node.Input[1], out var weight) || weight.Dims.Count != 3
            || (node.Input.Count > 2 && node.Input[2].Length > 0 && !initializers.ContainsKey(node.Input[2])))
        {
            return null;
        }

        var kernel = Ints(node, "kernel_shape") is [var k] ? k : weight.Dims[2];
        var group = Int(node, "group", 1);
        var macs = weight.Dims[0] * weight.Dims[1] * kernel;
        return Windowed(index, node, input, kernel, Ints(node, "strides") is [var s] ? s : 1, Ints(node, "dilations") is [var d] ? d : 1, weight.Dims[0], macs, group);
    }

    private (ColumnValue Value, string? Reason)? Pooling(int index, NodeProto node, ColumnValue input)
    {
        if (Int(node, "ceil_mode", 0) != 0)
        {
            return (default, "ceil_mode pools a partial last span, which depends on where the window ends; use floor mode");
        }

        var kernel = Ints(node, "kernel_shape") is [var k] ? k : 0;
        var stride = Ints(node, "strides") is [var s] ? s : 1;
        var dilation = Ints(node, "dilations") is [var d] ? d : 1;
        return Windowed(index, node, input, kernel, stride, dilation, input.Channels, 0, 1);
    }

    private (ColumnValue Value, string? Reason) Windowed(int index, NodeProto node, ColumnValue input, long kernel, long stride, long dilation, long outputChannels, long macs, long group)
    {
        if (Ints(node, "pads") is { } pads && pads.Any(pad => pad != 0) || Text(node, "auto_pad") is not (null or "NOTSET" or "VALID"))
        {
            return (default, "zero padding makes the first and last columns depend on where the window starts; use valid (unpadded) layers");
        }

        var span = ((kernel - 1) * dilation) + 1;
        if (kernel < 1 || stride < 1 || span < stride)
        {
            return (default, string.Create(CultureInfo.InvariantCulture, $"a span of {span} columns with stride {stride} skips input columns; use a kernel at least as wide as the stride"));
        }

        if (input.Columns < span || group < 1)
        {
            return (default, string.Create(CultureInfo.InvariantCulture, $"a span of {span} columns does not fit the {input.Columns} columns a {windowLength}-sample window leaves here"));
        }

        var layer = new WindowedLayer(index, node.Input[0], input.Channels, span, stride, input.Stride, input.Columns, macs);
        layers.Add(layer);
        return (new ColumnValue(outputChannels, layer.OutputColumns, input.Stride * stride), null);
    }

    private (ColumnValue Value, string? Reason)? PointwiseValue(NodeProto node, List<string> reads)
    {
        var first = trunkValues[reads[0]];
        if (reads.Any(read => trunkValues[read] != first))
        {
            return (default, "it combines feature maps of different lengths");
        }

        foreach (var other in node.Input.Skip(1).Where(name => name.Length > 0 && !trunkValues.ContainsKey(name)))
        {
            if (!initializers.TryGetValue(other, out var constant))
            {
                return null;
            }

            if (node.OpType != "BatchNormalization" && constant.Dims.Count > 0 && constant.Dims[^1] != 1)
            {
                return (default, $"the constant '{other}' varies along time (last dimension {constant.Dims[^1]})");
            }
        }

        return (first, null);
    }

    private long DenseMacs(NodeProto node) =>
        node.OpType is "Gemm" or "MatMul" && node.Input.Count > 1 && initializers.TryGetValue(node.Input[1], out var weight)
            ? weight.Dims.Aggregate(1L, (product, dim) => product * dim)
            : 0;

    private StreamableGraph NotStreamable(string reason) => new(windowLength, reason);

    private static string Describe(NodeProto node) => node.Name.Length > 0 ? $"{node.Name} ({node.OpType})" : node.OpType;

    private static long[]? Ints(NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name)?.Ints.ToArray();

    private static long Int(NodeProto node, string name, long fallback) => node.Attribute.FirstOrDefault(a => a.Name == name) is { } attribute ? attribute.I : fallback;

    private static string? Text(NodeProto node, string name) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } attribute ? Encoding.UTF8.GetString(attribute.S.Span) : null;
}
