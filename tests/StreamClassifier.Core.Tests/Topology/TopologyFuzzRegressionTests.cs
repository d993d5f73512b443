using StreamClassifier.Core.Topology;

namespace StreamClassifier.Core.Tests.Topology;

/// <summary>Inputs the topology fuzz target found crashing the loader; each must be a one-line topology error.</summary>
public class TopologyFuzzRegressionTests
{
    [Theory]
    [InlineData("- {\n0")]
    [InlineData("name: x\nstreams:\n  - {\n0")]
    [InlineData(":\n :")]
    public void Malformed_yaml_that_YamlDotNet_fails_on_without_a_YamlException_is_a_topology_error(string yaml)
    {
        var error = Assert.Throws<TopologyException>(() => TopologyLoader.LoadFromString(yaml, "topologies/test.yaml"));

        var only = Assert.Single(error.Errors);
        Assert.Equal("topologies/test.yaml", only.Source);
        Assert.StartsWith("not valid YAML: the parser stopped at a malformed construct", only.Detail, StringComparison.Ordinal);
        Assert.Contains(only.ToString(), error.Message, StringComparison.Ordinal);
    }
}
