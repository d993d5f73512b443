using StreamClassifier.Core.Topology;

namespace StreamClassifier.Core.Tests.Topology;

/// <summary>Inputs the topology fuzz target found crashing the loader; each must be a one-line topology error.</summary>
public class TopologyFuzzRegressionTests
{
    [Theory]
    [InlineData("- {\n0")]
    [InlineData("name: x\nstreams:\n  - {\n0")]
    public void An_unterminated_flow_collection_is_a_topology_error_not_a_crash(string yaml)
    {
        var error = Assert.Throws<TopologyException>(() => TopologyLoader.LoadFromString(yaml, "topologies/test.yaml"));

        var only = Assert.Single(error.Errors);
        Assert.Equal("topologies/test.yaml", only.Source);
        Assert.StartsWith("not valid YAML: the parser stopped inside an unterminated flow collection", only.Detail, StringComparison.Ordinal);
        Assert.Contains(only.ToString(), error.Message, StringComparison.Ordinal);
    }
}
