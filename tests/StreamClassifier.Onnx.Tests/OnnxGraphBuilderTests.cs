using Microsoft.ML.OnnxRuntime;
using StreamClassifier.Onnx.Export;
using StreamClassifier.Onnx.Proto;

namespace StreamClassifier.Onnx.Tests;

public class OnnxGraphBuilderTests
{
    [Fact]
    public void Built_model_carries_opset_ir_producer_metadata_and_symbolic_batch()
    {
        var builder = new OnnxGraphBuilder("g", opsetVersion: 17) { ProducerName = "trainer", ProducerVersion = "1.2", DocString = "doc" };
        var x = builder.Input("x", "batch", 3, 10);
        builder.Output(builder.Relu(x, "y"), "batch", 3, 10);
        builder.Metadata("k", "v1").Metadata("k", "v2").Metadata("other", "o");

        var model = ModelProto.Parser.ParseFrom(builder.ToByteArray());
        Assert.Equal(8, model.IrVersion);
        Assert.Equal(17, model.OpsetImport.Single().Version);
        Assert.Equal(string.Empty, model.OpsetImport.Single().Domain);
        Assert.Equal(("trainer", "1.2", "doc"), (model.ProducerName, model.ProducerVersion, model.DocString));
        Assert.Equal(["k=v2", "other=o"], model.MetadataProps.Select(p => $"{p.Key}={p.Value}"));
        var dims = model.Graph.Input.Single().Type.TensorType.Shape.Dim;
        Assert.Equal("batch", dims[0].DimParam);
        Assert.Equal(3, dims[1].DimValue);
    }

    [Fact]
    public void Every_operator_the_trainer_needs_runs_in_onnx_runtime_with_the_expected_values()
    {
        // x: [1, 2, 4] = [[1, 2, 3, 4], [5, 6, 7, 8]]
        foreach (var opset in new[] { 13, 18 })
        {
            var builder = new OnnxGraphBuilder("ops", opset);
            var x = builder.Input("x", "batch", 2, 4);
            var two = builder.Scalar("two", 2f);
            var mean = builder.ReduceMean(x, [2], keepDims: false);                                   // [1,2] = [2.5, 6.5]
            var max = builder.Flatten(builder.GlobalMaxPool(x));                                      // [1,2] = [4, 8]
            var avg = builder.Flatten(builder.GlobalAveragePool(x));                                  // [1,2] = [2.5, 6.5]
            var halves = builder.Div(builder.Add(max, avg), two);                                     // [1,2] = [3.25, 7.25]
            var pooled = builder.Flatten(builder.MaxPool(x, [2]));                                    // [1,4] = [2, 4, 6, 8]
            var transposed = builder.Flatten(builder.Transpose(x, [0, 2, 1]));                        // [1,8] = 1,5,2,6,3,7,4,8
            var identityConv = builder.Conv(x, builder.Initializer("w", [1f, 0f, 0f, 1f], 2, 2, 1));  // 1x1 identity conv
            var normalised = builder.BatchNormalization(identityConv,
                builder.Initializer("s", [1f, 2f], 2), builder.Initializer("b", [0f, 1f], 2),
                builder.Initializer("m", [0f, 5f], 2), builder.Initializer("v", [1f, 4f], 2), epsilon: 0f); // ch1: 2*(x-5)/2+1 = x-4
            var relu = builder.Flatten(builder.Relu(builder.Sub(normalised, builder.Scalar("three", 3f))));  // ch0: max(x-3,0), ch1: max(x-7,0)
            var dense = builder.Gemm(mean, builder.Initializer("d", [1f, 1f], 1, 2), builder.Initializer("db", [-9f], 1)); // 2.5+6.5-9 = 0
            var sigmoid = builder.Sigmoid(dense);                                                      // 0.5
            builder.Output(builder.Concat([mean, halves, pooled, transposed, relu, sigmoid], axis: 1, output: "all"), "batch", 2 + 2 + 4 + 8 + 8 + 1);

            using var session = new InferenceSession(builder.ToByteArray());
            using var input = OrtValue.CreateTensorValueFromMemory(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, [1, 2, 4]);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, ["x"], [input], ["all"]);
            var values = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            float[] expected = [2.5f, 6.5f, 3.25f, 7.25f, 2, 4, 6, 8, 1, 5, 2, 6, 3, 7, 4, 8, 0, 0, 0, 1, 0, 0, 0, 1, 0.5f];
            Assert.Equal(expected, values);
        }
    }

    [Fact]
    public void Reading_a_value_that_does_not_exist_yet_names_the_node_and_the_value()
    {
        var builder = new OnnxGraphBuilder();
        builder.Input("x", "batch", 1, 4);
        var error = Assert.Throws<InvalidOperationException>(() => builder.Relu("hidden"));
        Assert.Equal("Node Relu_0 (Relu) reads 'hidden', which is not a graph input, an initializer or an earlier node's output. Add it before this node.", error.Message);
    }

    [Fact]
    public void Defining_a_value_twice_is_rejected()
    {
        var builder = new OnnxGraphBuilder();
        var x = builder.Input("x", "batch", 1, 4);
        builder.Relu(x, "y");
        var error = Assert.Throws<InvalidOperationException>(() => builder.Sigmoid(x, "y"));
        Assert.Equal("The value 'y' is already defined by node Relu_0 (Relu); node Sigmoid_1 (Sigmoid) cannot define it again. Pick another name.", error.Message);
        Assert.Throws<InvalidOperationException>(() => builder.Initializer("x", [1f], 1));
    }

    [Fact]
    public void An_initializer_whose_values_do_not_fill_its_shape_is_rejected()
    {
        var builder = new OnnxGraphBuilder();
        var error = Assert.Throws<ArgumentException>(() => builder.Initializer("w", new float[5], 2, 3));
        Assert.StartsWith("Initializer 'w' has 5 values but shape [2, 3] holds 6.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_graph_without_inputs_or_with_an_unproduced_output_cannot_be_built()
    {
        Assert.Contains("no input", Assert.Throws<InvalidOperationException>(() => new OnnxGraphBuilder().Build()).Message, StringComparison.Ordinal);

        var builder = new OnnxGraphBuilder();
        var x = builder.Input("x", "batch", 1);
        Assert.Contains("no output", Assert.Throws<InvalidOperationException>(() => builder.Build()).Message, StringComparison.Ordinal);
        builder.Relu(x);
        builder.Output("typo", "batch", 1);
        Assert.Equal("Graph output 'typo' is not produced by any node. Pass the name a node method returned.", Assert.Throws<InvalidOperationException>(() => builder.Build()).Message);
    }

    [Fact]
    public void Conv_takes_its_kernel_shape_from_the_weight_and_auto_names_are_unique()
    {
        var builder = new OnnxGraphBuilder();
        var x = builder.Input("x", "batch", 1, 10);
        var w = builder.Initializer("w", new float[4 * 5], 4, 1, 5);
        var first = builder.Conv(x, w, pads: [2, 2], strides: [1], dilations: [1], group: 1);
        var second = builder.Relu(first);
        var third = builder.Relu(second);
        builder.Output(third, "batch", 4, 10);

        var model = builder.Build();
        var conv = model.Graph.Node[0];
        Assert.Equal([5L], conv.Attribute.Single(a => a.Name == "kernel_shape").Ints);
        Assert.Equal([2L, 2L], conv.Attribute.Single(a => a.Name == "pads").Ints);
        Assert.Equal(3, new[] { first, second, third }.Distinct().Count());
    }

    [Fact]
    public void Save_writes_a_file_onnx_runtime_loads()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "nested", "m.onnx");
        ConvBatchNormNetwork.BuildRandom(1, 64, seed: 1).Save(path);
        Assert.False(File.Exists(path + ".tmp"));
        using var session = new InferenceSession(path);
        Assert.Equal(["input"], session.InputNames);
        Assert.Equal(["output"], session.OutputNames);
    }

    [Fact]
    public void Random_example2_networks_are_reproducible_from_their_seed()
    {
        Assert.Equal(ConvBatchNormNetwork.BuildRandom(1, 100, seed: 3).ToByteArray(), ConvBatchNormNetwork.BuildRandom(1, 100, seed: 3).ToByteArray());
        Assert.NotEqual(ConvBatchNormNetwork.BuildRandom(1, 100, seed: 3).ToByteArray(), ConvBatchNormNetwork.BuildRandom(1, 100, seed: 4).ToByteArray());
    }
}
