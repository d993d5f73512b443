using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using StreamClassifier.Core.Models;
using StreamClassifier.Onnx.Cards;
using StreamClassifier.Onnx.Proto;

namespace StreamClassifier.Onnx.Export;

/// <summary>
/// Builds an ONNX model (float tensors, default ONNX domain) one value at a time: declare graph
/// inputs, add initializers (weights), chain nodes whose outputs feed later nodes, declare outputs,
/// add metadata, then <see cref="Build"/> or <see cref="Save(string)"/>. Every node method returns
/// the name of its output so a network reads as a chain:
/// <code>
/// var builder = new OnnxGraphBuilder("ecg-pvc");
/// var x = builder.Input("input", "batch", 1, 500);
/// var h = builder.Conv(x, builder.Initializer("conv1.weight", w, 64, 1, 5), builder.Initializer("conv1.bias", b, 64), pads: [2, 2]);
/// h = builder.Relu(h);
/// ...
/// builder.Output(builder.Sigmoid(logit, "probability"), "batch", 1);
/// builder.Save("models/ecg.onnx");
/// </code>
/// The operator methods (<c>Conv</c>, <c>Relu</c>, <c>Gemm</c>, ...) are extension methods in
/// <see cref="OnnxOperators"/>, written on top of <see cref="Node"/> and <see cref="Initializer(string, ReadOnlySpan{float}, long[])"/>.
/// <see cref="Build"/> checks the graph is well formed (every node input defined before use, no
/// value produced twice, outputs produced, initializer sizes match their shapes) and throws an
/// <see cref="InvalidOperationException"/> that names the offending node otherwise.
/// </summary>
public sealed class OnnxGraphBuilder
{
    private readonly GraphProto graph;
    private readonly Dictionary<string, string> definedBy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> initializerShapes = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, string>> metadata = [];
    private readonly Dictionary<string, int> autoNameCounters = new(StringComparer.Ordinal);

    /// <summary>Starts an empty graph.</summary>
    /// <param name="graphName">Graph name stored in the model.</param>
    /// <param name="opsetVersion">Default-domain operator set version (13 matches PyTorch's usual export; 7–23 accepted).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="opsetVersion"/> is outside 7–23.</exception>
    public OnnxGraphBuilder(string graphName = "streamclassifier", int opsetVersion = 13)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        ArgumentOutOfRangeException.ThrowIfLessThan(opsetVersion, 7);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(opsetVersion, 23);
        graph = new GraphProto { Name = graphName };
        OpsetVersion = opsetVersion;
        IrVersion = DefaultIrVersion(opsetVersion);
    }

    /// <summary>Default-domain operator set version.</summary>
    public int OpsetVersion { get; }

    /// <summary>IR version written to the model; defaults to the oldest IR that carries <see cref="OpsetVersion"/>.</summary>
    public long IrVersion { get; set; }

    /// <summary>Producer name written to the model.</summary>
    public string ProducerName { get; set; } = "StreamClassifier";

    /// <summary>Producer version written to the model.</summary>
    public string ProducerVersion { get; set; } =
        typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "0";

    /// <summary>Free-text description of the model.</summary>
    public string? DocString { get; set; }

    /// <summary>Number of nodes added so far.</summary>
    public int NodeCount => graph.Node.Count;

    /// <summary>Declares a float32 graph input.</summary>
    /// <param name="name">Input name.</param>
    /// <param name="shape">Dimensions; use a string for a symbolic one (e.g. <c>"batch"</c>).</param>
    /// <returns><paramref name="name"/>, for chaining.</returns>
    public string Input(string name, params OnnxDim[] shape)
    {
        Define(name, "graph input");
        graph.Input.Add(OnnxValueInfo.Float(name, shape));
        return name;
    }

    /// <summary>Declares a float32 graph output; the value must be produced by a node (or be an input).</summary>
    /// <param name="name">Name of the value to expose.</param>
    /// <param name="shape">Dimensions; use a string for a symbolic one.</param>
    /// <returns><paramref name="name"/>.</returns>
    public string Output(string name, params OnnxDim[] shape)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (graph.Output.Any(output => output.Name == name))
        {
            throw new InvalidOperationException($"Graph output '{name}' is declared twice.");
        }

        graph.Output.Add(OnnxValueInfo.Float(name, shape));
        return name;
    }

    /// <summary>Adds a float32 constant tensor (weights, biases, running statistics).</summary>
    /// <param name="name">Tensor name, e.g. <c>conv1.weight</c>.</param>
    /// <param name="values">Row-major values.</param>
    /// <param name="shape">Dimensions; their product must equal the number of values.</param>
    /// <returns><paramref name="name"/>, to pass as a node input.</returns>
    public string Initializer(string name, ReadOnlySpan<float> values, params long[] shape)
    {
        var tensor = NewTensor(name, TensorProto.Types.DataType.Float, values.Length, shape);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values));
        return AddInitializer(tensor, shape);
    }

    /// <summary>Adds an int64 constant tensor (shapes for Reshape, axes for opset-18 reductions).</summary>
    /// <param name="name">Tensor name.</param>
    /// <param name="values">Row-major values.</param>
    /// <param name="shape">Dimensions; their product must equal the number of values.</param>
    /// <returns><paramref name="name"/>.</returns>
    public string Initializer(string name, ReadOnlySpan<long> values, params long[] shape)
    {
        var tensor = NewTensor(name, TensorProto.Types.DataType.Int64, values.Length, shape);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values));
        return AddInitializer(tensor, shape);
    }

    /// <summary>Adds a float32 scalar constant (shape <c>[]</c>).</summary>
    public string Scalar(string name, float value) => Initializer(name, [value]);

    /// <summary>Adds a node with one output.</summary>
    /// <param name="opType">Operator, e.g. <c>Conv</c>.</param>
    /// <param name="inputs">Input value names; an empty string leaves an optional input out.</param>
    /// <param name="attributes">Attributes, or null.</param>
    /// <param name="output">Output name; null picks a unique one from the operator name.</param>
    /// <returns>The output name.</returns>
    public string Node(string opType, IReadOnlyList<string> inputs, IEnumerable<OnnxAttribute>? attributes = null, string? output = null)
    {
        var outputName = output ?? NextName(opType);
        AddNode(opType, inputs, [outputName], attributes);
        return outputName;
    }

    /// <summary>Adds a node with several outputs.</summary>
    /// <param name="opType">Operator.</param>
    /// <param name="inputs">Input value names; an empty string leaves an optional input out.</param>
    /// <param name="outputs">Output names.</param>
    /// <param name="attributes">Attributes, or null.</param>
    public void AddNode(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IEnumerable<OnnxAttribute>? attributes = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count == 0)
        {
            throw new ArgumentException($"A {opType} node needs at least one output.", nameof(outputs));
        }

        var node = new NodeProto { OpType = opType, Name = $"{opType}_{graph.Node.Count}" };
        foreach (var input in inputs)
        {
            ArgumentNullException.ThrowIfNull(input, nameof(inputs));
            if (input.Length > 0 && !definedBy.ContainsKey(input))
            {
                throw new InvalidOperationException(
                    $"Node {node.Name} ({opType}) reads '{input}', which is not a graph input, an initializer or an earlier node's output. Add it before this node.");
            }

            node.Input.Add(input);
        }

        foreach (var output in outputs)
        {
            Define(output, $"node {node.Name} ({opType})");
            node.Output.Add(output);
        }

        if (attributes is not null)
        {
            foreach (var attribute in attributes)
            {
                node.Attribute.Add(attribute.ToProto());
            }
        }

        graph.Node.Add(node);
    }

    /// <summary>Adds (or replaces) a <c>metadata_props</c> entry.</summary>
    /// <returns>This builder.</returns>
    public OnnxGraphBuilder Metadata(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        metadata.RemoveAll(entry => entry.Key == key);
        metadata.Add(new(key, value));
        return this;
    }

    /// <summary>Embeds <paramref name="card"/> in the metadata under <see cref="ModelCard.MetadataKey"/>.</summary>
    /// <returns>This builder.</returns>
    public OnnxGraphBuilder ModelCard(ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return Metadata(Core.Models.ModelCard.MetadataKey, card.ToJson());
    }

    /// <summary>Checks the graph and returns the model.</summary>
    /// <exception cref="InvalidOperationException">The graph has no input or output, or an output is never produced.</exception>
    public ModelProto Build()
    {
        if (graph.Input.Count == 0)
        {
            throw new InvalidOperationException("The graph has no input: call Input(name, dims...) first.");
        }

        if (graph.Output.Count == 0)
        {
            throw new InvalidOperationException("The graph has no output: call Output(name, dims...) with the last node's output.");
        }

        foreach (var output in graph.Output)
        {
            if (!definedBy.ContainsKey(output.Name))
            {
                throw new InvalidOperationException($"Graph output '{output.Name}' is not produced by any node. Pass the name a node method returned.");
            }
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = ProducerVersion,
            Graph = graph.Clone(),
        };
        if (DocString is not null)
        {
            model.DocString = DocString;
        }

        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        foreach (var (key, value) in metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    /// <summary>The serialised model.</summary>
    public byte[] ToByteArray() => Build().ToByteArray();

    /// <summary>Writes the model to <paramref name="path"/> (via a temporary file, so a reader never sees half a model).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var bytes = ToByteArray();
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Embeds <paramref name="card"/> in the model's metadata, writes the model to <paramref name="path"/>
    /// and the same card beside it as <c>&lt;stem&gt;.card.json</c>, so both sources agree by construction.
    /// </summary>
    public void Save(string path, ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        ModelCard(card);
        Save(path);
        ModelCardWriter.WriteSidecar(path, card);
    }

    private static long DefaultIrVersion(int opset) => opset switch
    {
        <= 14 => 7,
        <= 18 => 8,
        <= 20 => 9,
        _ => 10,
    };

    private static TensorProto NewTensor(string name, TensorProto.Types.DataType type, int count, long[] shape)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(shape);
        long expected = 1;
        foreach (var dim in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(shape));
            expected *= dim;
        }

        if (expected != count)
        {
            throw new ArgumentException(
                $"Initializer '{name}' has {count} values but shape [{string.Join(", ", shape)}] holds {expected.ToString(CultureInfo.InvariantCulture)}.", nameof(shape));
        }

        var tensor = new TensorProto { Name = name, DataType = (int)type };
        tensor.Dims.AddRange(shape);
        return tensor;
    }

    private string AddInitializer(TensorProto tensor, long[] shape)
    {
        Define(tensor.Name, "initializer");
        initializerShapes[tensor.Name] = (long[])shape.Clone();
        graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    private void Define(string name, string definer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (definedBy.TryGetValue(name, out var existing))
        {
            throw new InvalidOperationException($"The value '{name}' is already defined by {existing}; {definer} cannot define it again. Pick another name.");
        }

        definedBy[name] = definer;
    }

    /// <summary>The shape of initializer <paramref name="name"/>, when there is one.</summary>
    internal bool TryGetInitializerShape(string name, out long[] shape) => initializerShapes.TryGetValue(name, out shape!);

    /// <summary>A value name not used yet: <paramref name="prefix"/>_0, _1, ...</summary>
    internal string UniqueName(string prefix) => NextName(prefix);

    private string NextName(string prefix)
    {
        autoNameCounters.TryGetValue(prefix, out var counter);
        string name;
        do
        {
            name = $"{prefix}_{counter.ToString(CultureInfo.InvariantCulture)}";
            counter++;
        }
        while (definedBy.ContainsKey(name));

        autoNameCounters[prefix] = counter;
        return name;
    }
}
