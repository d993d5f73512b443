using System.Runtime.InteropServices;
using Google.Protobuf;
using StreamClassifier.Onnx.Export;
using StreamClassifier.Onnx.Proto;

namespace StreamClassifier.Onnx.Streaming;

/// <summary>
/// The three graphs a streamable model is scored with, all cut from the model itself so they share its weights:
/// <list type="bullet">
/// <item><see cref="Prime"/>: the trunk over a whole window → its feature columns and every layer's carried columns
/// (used for a window whose predecessor is unknown: a new sensor, a gap, a restart);</item>
/// <item><see cref="Step"/>: the trunk over one hop of new samples plus the carried columns → the new feature
/// columns and the next carried columns;</item>
/// <item><see cref="Head"/>: the head over a window's feature columns → the model's output.</item>
/// </list>
/// </summary>
public sealed class StreamingGraphs
{
    private const string StatePrefix = "streaming.state";

    private StreamingGraphs(StreamableGraph plan, int hop, IReadOnlyList<CarriedState> states)
    {
        Plan = plan;
        Hop = hop;
        States = states;
    }

    /// <summary>The analysis the graphs follow.</summary>
    public StreamableGraph Plan { get; }

    /// <summary>Samples per step.</summary>
    public int Hop { get; }

    /// <summary>New feature columns per step.</summary>
    public long StepColumns => Hop / Plan.HopMultiple;

    /// <summary>The carried columns of each layer that has any, in graph order.</summary>
    public IReadOnlyList<CarriedState> States { get; }

    /// <summary>The whole-window trunk (serialised model).</summary>
    public byte[] Prime { get; private init; } = [];

    /// <summary>The one-hop trunk (serialised model).</summary>
    public byte[] Step { get; private init; } = [];

    /// <summary>The head (serialised model).</summary>
    public byte[] Head { get; private init; } = [];

    /// <summary>Cuts the graphs for <paramref name="hop"/>.</summary>
    /// <exception cref="ArgumentException">The model is not streamable with this hop (<see cref="StreamableGraph.CheckHop"/>).</exception>
    public static StreamingGraphs Create(ModelProto model, StreamableGraph plan, int hop)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.CheckHop(hop) is { } reason)
        {
            throw new ArgumentException($"The model cannot be streamed: {reason}.", nameof(hop));
        }

        var states = plan.Layers.Select((layer, index) => (layer, index)).Where(entry => entry.layer.CarriedColumns > 0)
            .Select(entry => new CarriedState(entry.layer, $"{StatePrefix}{entry.index}.in", $"{StatePrefix}{entry.index}.out"))
            .ToList();
        var graphs = new StreamingGraphs(plan, hop, states);
        return new StreamingGraphs(plan, hop, states)
        {
            Prime = graphs.Trunk(model, step: false).ToByteArray(),
            Step = graphs.Trunk(model, step: true).ToByteArray(),
            Head = graphs.HeadModel(model).ToByteArray(),
        };
    }

    private ModelProto Trunk(ModelProto model, bool step)
    {
        var graph = new GraphProto { Name = model.Graph.Name + (step ? ".step" : ".prime") };
        graph.Input.Add(OnnxValueInfo.Float(Plan.InputName, ["batch", Plan.InputChannels, step ? Hop : Plan.WindowLength]));
        foreach (var state in States.Where(_ => step))
        {
            graph.Input.Add(OnnxValueInfo.Float(state.InputName, ["batch", state.Layer.Channels, state.Columns]));
        }

        var constants = new List<TensorProto>();
        foreach (var index in Plan.TrunkNodes)
        {
            var node = model.Graph.Node[index].Clone();
            if (States.FirstOrDefault(state => state.Layer.NodeIndex == index) is { } state)
            {
                var input = step ? Concat(graph, state) : node.Input[0];
                node.Input[0] = input;
                var first = step ? state.Layer.HopColumns(Hop) : state.Layer.InputColumns - state.Columns;
                graph.Node.Add(Slice(input, state.OutputName, first, first + state.Columns, constants));
            }

            graph.Node.Add(node);
        }

        graph.Output.Add(OnnxValueInfo.Float(Plan.FeatureName, ["batch", Plan.FeatureChannels, step ? StepColumns : Plan.FeatureColumns]));
        foreach (var state in States)
        {
            graph.Output.Add(OnnxValueInfo.Float(state.OutputName, ["batch", state.Layer.Channels, state.Columns]));
        }

        return Wrap(model, graph, constants);
    }

    private ModelProto HeadModel(ModelProto model)
    {
        var graph = new GraphProto { Name = model.Graph.Name + ".head" };
        graph.Input.Add(OnnxValueInfo.Float(Plan.FeatureName, ["batch", Plan.FeatureChannels, Plan.FeatureColumns]));
        graph.Node.AddRange(Plan.HeadNodes.Select(index => model.Graph.Node[index].Clone()));
        graph.Output.AddRange(model.Graph.Output.Select(output => output.Clone()));
        return Wrap(model, graph, []);
    }

    private static string Concat(GraphProto graph, CarriedState state)
    {
        var output = state.InputName + ".concat";
        var node = new NodeProto { OpType = "Concat", Name = output };
        node.Input.Add(state.InputName);
        node.Input.Add(state.Layer.Input);
        node.Output.Add(output);
        node.Attribute.Add(OnnxAttribute.Int("axis", 2).ToProto());
        graph.Node.Add(node);
        return output;
    }

    private static NodeProto Slice(string input, string output, long start, long end, List<TensorProto> constants)
    {
        var node = new NodeProto { OpType = "Slice", Name = output };
        node.Input.Add(input);
        foreach (var (suffix, value) in new[] { ("starts", start), ("ends", end), ("axes", 2L) })
        {
            var name = $"{output}.{suffix}";
            var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes<long>([value])) };
            tensor.Dims.Add(1);
            constants.Add(tensor);
            node.Input.Add(name);
        }

        node.Output.Add(output);
        return node;
    }

    // The new model keeps the original's opsets and IR version and only the weights its nodes read.
    private static ModelProto Wrap(ModelProto model, GraphProto graph, List<TensorProto> constants)
    {
        var read = graph.Node.SelectMany(node => node.Input).ToHashSet(StringComparer.Ordinal);
        graph.Initializer.AddRange(model.Graph.Initializer.Where(tensor => read.Contains(tensor.Name)).Select(tensor => tensor.Clone()));
        graph.Initializer.AddRange(constants);
        var result = new ModelProto { IrVersion = model.IrVersion, ProducerName = model.ProducerName, ProducerVersion = model.ProducerVersion, Graph = graph };
        result.OpsetImport.AddRange(model.OpsetImport.Select(opset => opset.Clone()));
        return result;
    }
}

/// <summary>One layer's carried input columns: fed to the step graph as <see cref="InputName"/>, returned as <see cref="OutputName"/>.</summary>
/// <param name="Layer">The layer.</param>
/// <param name="InputName">Step graph input.</param>
/// <param name="OutputName">Prime and step graph output.</param>
public sealed record CarriedState(WindowedLayer Layer, string InputName, string OutputName)
{
    /// <summary>Carried columns.</summary>
    public long Columns => Layer.CarriedColumns;

    /// <summary>Values per sensor (channels × columns).</summary>
    public long Values => Layer.Channels * Columns;
}
