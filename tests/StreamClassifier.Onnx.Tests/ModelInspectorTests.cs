using StreamClassifier.Core.Models;
using StreamClassifier.Onnx.Inspection;
using StreamClassifier.Testing;

namespace StreamClassifier.Onnx.Tests;

public class ModelInspectorTests
{
    [Fact]
    public void Describes_a_pytorch_export()
    {
        var description = ModelInspector.Describe(SharedPaths.Reference("onnx", "seed_example2.onnx"));

        var input = Assert.Single(description.Inputs);
        Assert.Equal("input: float[batch, 3, 200]", input.ToString());
        Assert.Equal(new TensorDimension(null, "batch"), input.Dimensions[0]);
        Assert.Equal("output: float[batch, 1]", Assert.Single(description.Outputs).ToString());
        Assert.Equal(13, description.OperatorSets["ai.onnx"]);
        Assert.StartsWith("pytorch", description.Producer, StringComparison.Ordinal);
        Assert.Equal(13, description.NodeCount);
        Assert.Equal(43137, description.ParameterCount);
        Assert.Null(description.Card);
    }

    [Fact]
    public void Describes_the_card_and_metadata_of_a_carded_model()
    {
        using var directory = new TempDirectory();
        var path = directory.File("m.onnx");
        TestNetworks.Small(OutputKind.Softmax2).Metadata("author", "tests").Save(path, TestNetworks.Card(output: OutputKind.Softmax2));

        var description = ModelInspector.Describe(path);
        Assert.Equal("tests", description.Metadata["author"]);
        Assert.True(description.Metadata.ContainsKey(ModelCard.MetadataKey));
        Assert.Equal(OutputKind.Softmax2, description.Card!.Card.Output);
        Assert.Equal("score: float[batch, 2]", description.Outputs[0].ToString());
    }
}
