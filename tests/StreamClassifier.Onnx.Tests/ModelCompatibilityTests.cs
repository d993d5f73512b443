using StreamClassifier.Core.Models;
using StreamClassifier.Core.Topology;
using StreamClassifier.Onnx.Compatibility;
using StreamClassifier.Onnx.Export;
using StreamClassifier.Onnx.Inspection;
using StreamClassifier.Onnx.Scoring;

namespace StreamClassifier.Onnx.Tests;

public class ModelCompatibilityTests : IDisposable
{
    private readonly TempDirectory directory = new();

    private string ModelPath => directory.File("models/m.onnx");

    private string CardPath => directory.File("models/m.card.json");

    public ModelCompatibilityTests() => Directory.CreateDirectory(directory.File("models"));

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Topology_and_card_window_lengths_that_differ_name_both_values_and_sources()
    {
        TestNetworks.Small(OutputKind.Logit, length: 0).Save(ModelPath, TestNetworks.Card(length: 8));
        var topology = Topologies.OneStream(directory.Path, "models/m.onnx", channels: 2, windowSize: 12);

        var error = Assert.Throws<ModelCompatibilityException>(() => OnnxWindowScorer.LoadForStream(topology, 0));
        Assert.Equal(
            $"window length: topology 'topologies/x.yaml' streams[0].window.size = 12, but model card '{CardPath}' window_length = 8. " +
            "Make the stream's window.size equal to the model's window length, or use a model trained on windows of this size.",
            error.Message);
    }

    [Fact]
    public void Topology_channels_that_differ_from_the_graph_name_both()
    {
        TestNetworks.Small(OutputKind.Probability).Save(ModelPath);
        var topology = Topologies.OneStream(directory.Path, "models/m.onnx", channels: 3, windowSize: 8, InputLayout.NCL, OutputKind.Probability);

        var error = Assert.Throws<ModelCompatibilityException>(() => ModelCompatibility.Resolve(topology, 0, ModelInspector.Describe(ModelPath)));
        Assert.StartsWith(
            $"channels: topology 'topologies/x.yaml' streams[0].channels (count) = 3, but ONNX graph '{ModelPath}' input 'windows' dim 1 (channels under input_layout NCL) = 2. ",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Card_and_graph_lengths_that_differ_name_both()
    {
        TestNetworks.Small(OutputKind.Logit, length: 8).Save(ModelPath, TestNetworks.Card(length: 10));

        var error = Assert.Throws<ModelCompatibilityException>(() => OnnxWindowScorer.Load(ModelPath));
        Assert.StartsWith(
            $"window length: model card '{CardPath}' window_length = 10, but ONNX graph '{ModelPath}' input 'windows' dim 2 (length under input_layout NCL) = 8.",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_card_layout_that_contradicts_the_graph_shows_up_as_a_shape_disagreement()
    {
        // The graph is NCL [batch, 2, 8]; a card claiming NLC reads dim 2 as channels.
        TestNetworks.Small(OutputKind.Logit).Save(ModelPath, TestNetworks.Card(layout: InputLayout.NLC));

        var error = Assert.Throws<ModelCompatibilityException>(() => OnnxWindowScorer.Load(ModelPath));
        Assert.StartsWith(
            $"channels: model card '{CardPath}' channels = 2, but ONNX graph '{ModelPath}' input 'windows' dim 2 (channels under input_layout NLC) = 8.",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declared_and_card_layouts_that_differ_name_both()
    {
        TestNetworks.Small(OutputKind.Logit).Save(ModelPath, TestNetworks.Card());
        var topology = Topologies.OneStream(directory.Path, "models/m.onnx", channels: 2, windowSize: 8, layout: InputLayout.NLC);

        var error = Assert.Throws<ModelCompatibilityException>(() => OnnxWindowScorer.LoadForStream(topology, 0));
        Assert.Equal(
            $"input layout: topology 'topologies/x.yaml' streams[0].model.input_layout = NLC, but model card '{CardPath}' input_layout = NCL. " +
            "Remove input_layout from the topology (the card says how the model was trained) or fix the one that is wrong.",
            error.Message);
    }

    [Fact]
    public void Declared_and_card_output_kinds_that_differ_name_both()
    {
        TestNetworks.Small(OutputKind.Logit).Save(ModelPath, TestNetworks.Card(output: OutputKind.Logit));
        var topology = Topologies.OneStream(directory.Path, "models/m.onnx", channels: 2, windowSize: 8, output: OutputKind.Probability);

        var error = Assert.Throws<ModelCompatibilityException>(() => OnnxWindowScorer.LoadForStream(topology, 0));
        Assert.StartsWith(
            $"output kind: topology 'topologies/x.yaml' streams[0].model.output = probability, but model card '{CardPath}' output = logit.",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_kind_that_contradicts_the_graph_output_shape_names_both()
    {
        TestNetworks.Small(OutputKind.Softmax2).Save(ModelPath, TestNetworks.Card(output: OutputKind.Probability));

        var error = Assert.Throws<ModelCompatibilityException>(() => OnnxWindowScorer.Load(ModelPath));
        Assert.Equal(
            $"output kind: model card '{CardPath}' output = probability (needs shape [batch, 1]), but ONNX graph '{ModelPath}' output 'score' has shape [batch, 2]. " +
            "A two-column output is softmax2: declare output: softmax2.",
            error.Message);
    }

    [Fact]
    public void A_declared_softmax2_on_a_one_column_graph_is_rejected()
    {
        TestNetworks.Small(OutputKind.Probability).Save(ModelPath);
        var error = Assert.Throws<ModelCompatibilityException>(() =>
            OnnxWindowScorer.Load(ModelPath, new ModelSpec { Path = ModelPath, InputLayout = InputLayout.NCL, Output = OutputKind.Softmax2 }, "topology 'topologies/x.yaml' streams[0].model"));
        Assert.StartsWith(
            $"output kind: topology 'topologies/x.yaml' streams[0].model.output = softmax2 (needs shape [batch, 2]), but ONNX graph '{ModelPath}' output 'score' has shape [batch, 1].",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_model_without_layout_in_the_topology_says_what_to_add()
    {
        TestNetworks.Small(OutputKind.Probability).Save(ModelPath);
        var topology = Topologies.OneStream(directory.Path, "models/m.onnx", channels: 2, windowSize: 8, output: OutputKind.Probability);

        var error = Assert.Throws<ModelCompatibilityException>(() => OnnxWindowScorer.LoadForStream(topology, 0));
        Assert.Equal(
            $"'{ModelPath}' has no model card (no '{CardPath}' and no ONNX metadata 'streamclassifier.card'), so nothing says its input layout. " +
            $"Add input_layout (NCL or NLC) to topology 'topologies/x.yaml' streams[0].model, e.g. model: {{path: {ModelPath}, input_layout: NCL, output: probability}}, or write the card beside the model.",
            error.Message);
    }

    [Fact]
    public void A_plain_model_without_output_kind_in_the_topology_says_what_to_add()
    {
        TestNetworks.Small(OutputKind.Probability).Save(ModelPath);
        var topology = Topologies.OneStream(directory.Path, "models/m.onnx", channels: 2, windowSize: 8, layout: InputLayout.NCL);

        var error = Assert.Throws<ModelCompatibilityException>(() => OnnxWindowScorer.LoadForStream(topology, 0));
        Assert.Contains("so nothing says its output kind. Add output (probability, softmax2 or logit) to topology 'topologies/x.yaml' streams[0].model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_model_with_layout_and_output_in_the_topology_is_accepted()
    {
        TestNetworks.Small(OutputKind.Probability).Save(ModelPath);
        var topology = Topologies.OneStream(directory.Path, "models/m.onnx", channels: 2, windowSize: 8, InputLayout.NCL, OutputKind.Probability);

        var resolved = ModelCompatibility.Resolve(topology, 0, ModelInspector.Describe(ModelPath));
        Assert.Null(resolved.Card);
        Assert.Equal((InputLayout.NCL, OutputKind.Probability, 2, 8, (int?)null), (resolved.Layout, resolved.Output, resolved.Channels, resolved.WindowLength, resolved.FixedBatch));
    }

    [Fact]
    public void Sample_rates_that_differ_name_both()
    {
        TestNetworks.Small(OutputKind.Logit).Save(ModelPath, TestNetworks.Card(sampleRateHz: 360));
        var topology = Topologies.OneStream(directory.Path, "models/m.onnx", channels: 2, windowSize: 8, sampleRateHz: 250);

        var error = Assert.Throws<ModelCompatibilityException>(() => OnnxWindowScorer.LoadForStream(topology, 0));
        Assert.StartsWith(
            $"sample rate: topology 'topologies/x.yaml' streams[0].sample_rate_hz = 250, but model card '{CardPath}' sample_rate_hz = 360.",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_length_without_card_or_stream_says_how_to_fix_it()
    {
        TestNetworks.Small(OutputKind.Probability, length: 0).Save(ModelPath);
        var error = Assert.Throws<ModelCompatibilityException>(() =>
            OnnxWindowScorer.Load(ModelPath, new ModelSpec { Path = ModelPath, InputLayout = InputLayout.NCL, Output = OutputKind.Probability }, "the test"));
        Assert.StartsWith($"window length: ONNX graph '{ModelPath}' input 'windows' dim 2 is symbolic ([batch, 2, length]) and the model has no card", error.Message, StringComparison.Ordinal);
        Assert.Contains("Write the card beside the model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_graph_of_the_wrong_rank_names_the_path_the_shape_and_the_fix()
    {
        var builder = new OnnxGraphBuilder();
        var x = builder.Input("flat", "batch", 16);
        builder.Output(builder.Sigmoid(builder.Gemm(x, builder.Initializer("w", new float[16], 1, 16)), "p"), "batch", 1);
        builder.Save(ModelPath);

        var error = Assert.Throws<InvalidModelException>(() => OnnxWindowScorer.Load(ModelPath, new ModelSpec { Path = ModelPath, InputLayout = InputLayout.NCL, Output = OutputKind.Probability }));
        Assert.Equal(
            $"ONNX graph '{ModelPath}' input 'flat' has rank 2 ([batch, 16]), but a Conv1D classifier takes rank 3: [batch, channels, length] (NCL) or [batch, length, channels] (NLC). Re-export the model with a 3-D input.",
            error.Message);
    }

    [Fact]
    public void A_graph_with_two_inputs_is_rejected()
    {
        var builder = new OnnxGraphBuilder();
        var a = builder.Input("a", "batch", 1, 4);
        var b = builder.Input("b", "batch", 1, 4);
        builder.Output(builder.Add(a, b, "sum"), "batch", 1, 4);
        builder.Save(ModelPath);

        var error = Assert.Throws<InvalidModelException>(() => ModelCompatibility.Resolve(ModelInspector.Describe(ModelPath)));
        Assert.StartsWith($"ONNX graph '{ModelPath}' has 2 inputs (a: float[batch, 1, 4], b: float[batch, 1, 4]); a window classifier takes exactly one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_for_a_stream_names_the_resolved_path()
    {
        var topology = Topologies.OneStream(directory.Path, "models/absent.onnx", channels: 2, windowSize: 8);
        var error = Assert.Throws<InvalidModelException>(() => OnnxWindowScorer.LoadForStream(topology, 0));
        Assert.StartsWith($"Model file '{Path.Combine(directory.Path, "models/absent.onnx")}' was not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_that_loads_but_cannot_run_at_the_card_shape_fails_at_start_with_the_shapes()
    {
        // Symbolic length, but a Reshape that only works for 8 samples: the card's 10 passes every
        // static check and fails in the warm-up run, at start rather than on the first window.
        var builder = new OnnxGraphBuilder();
        var x = builder.Input("windows", "batch", 2, "length");
        var flat = builder.Reshape(x, [0, 16]);
        builder.Output(builder.Sigmoid(builder.Gemm(flat, builder.Initializer("w", new float[16], 1, 16)), "p"), "batch", 1);
        builder.Save(ModelPath, TestNetworks.Card(length: 10, output: OutputKind.Probability));

        var error = Assert.Throws<InvalidModelException>(() => OnnxWindowScorer.Load(ModelPath));
        Assert.StartsWith($"ONNX Runtime could not run '{ModelPath}' on a batch of 1 window(s) shaped [1, 2, 10] with output 'p' shaped [1, 1]:", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Check the model's card (channels, window_length, input_layout, output) against the graph, or re-export the model.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_onnx_runtime_cannot_load_names_the_path()
    {
        var builder = new OnnxGraphBuilder();
        var x = builder.Input("windows", "batch", 2, 8);
        builder.Output(builder.Node("NoSuchOperator", [x], output: "p"), "batch", 1);
        builder.Save(ModelPath);

        var error = Assert.Throws<InvalidModelException>(() =>
            OnnxWindowScorer.Load(ModelPath, new ModelSpec { Path = ModelPath, InputLayout = InputLayout.NCL, Output = OutputKind.Probability }, "test"));
        Assert.StartsWith($"ONNX Runtime could not load '{ModelPath}':", error.Message, StringComparison.Ordinal);
        Assert.Contains("NoSuchOperator", error.Message, StringComparison.Ordinal);
    }
}
