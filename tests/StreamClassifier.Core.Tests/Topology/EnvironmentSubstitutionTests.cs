using StreamClassifier.Core.Topology;

namespace StreamClassifier.Core.Tests.Topology;

public class EnvironmentSubstitutionTests
{
    private static readonly Dictionary<string, string> Variables = new() { ["HOST"] = "kafka", ["PORT"] = "9092", ["EMPTY"] = string.Empty };

    private static string? Lookup(string name) => Variables.TryGetValue(name, out var value) ? value : null;

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("${HOST}:${PORT}", "kafka:9092")]
    [InlineData("${MISSING:-embedded}", "embedded")]
    [InlineData("${EMPTY:-fallback}", "fallback")]
    [InlineData("${HOST:-fallback}", "kafka")]
    [InlineData("${MISSING:-}", "")]
    [InlineData("${EMPTY}", "")]
    [InlineData("cost: $$5 and ${HOST}", "cost: $5 and kafka")]
    [InlineData("$HOST stays", "$HOST stays")]
    [InlineData("ends with $", "ends with $")]
    [InlineData("${MISSING:-a:-b}", "a:-b")]
    public void References_expand_like_a_shell(string value, string expected)
    {
        Assert.True(EnvironmentSubstitution.TrySubstitute(value, Lookup, out var result, out var error));
        Assert.Null(error);
        Assert.Equal(expected, result);
    }

    [Theory]
    [InlineData("${MISSING}", "environment variable MISSING is not set (referenced as '${MISSING}'); set it, or give a default with ${MISSING:-default}")]
    [InlineData("x ${HOST", "'x ${HOST' has an unterminated '${' at character 3; write ${NAME} or ${NAME:-default} (use $$ for a literal $)")]
    [InlineData("${1ABC}", "'${1ABC}' is not a valid reference: '1ABC' is not a variable name")]
    [InlineData("${}", "'${}' is not a valid reference: '' is not a variable name")]
    [InlineData("${A-B}", "'${A-B}' is not a valid reference: 'A-B' is not a variable name")]
    public void Bad_references_say_what_to_write(string value, string expected)
    {
        Assert.False(EnvironmentSubstitution.TrySubstitute(value, Lookup, out _, out var error));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void References_are_detected()
    {
        Assert.True(EnvironmentSubstitution.HasReference("a ${B}"));
        Assert.False(EnvironmentSubstitution.HasReference("a $B"));
    }

    [Fact]
    public void References_are_listed_with_their_defaults()
    {
        Assert.Equal(
            [new EnvironmentReference("HOST", null), new EnvironmentReference("PORT", "9092")],
            EnvironmentSubstitution.FindReferences("$$ ${HOST}:${PORT:-9092} $${NOT} ${1BAD}"));
        Assert.True(new EnvironmentReference("X", null).IsRequired);
        Assert.False(new EnvironmentReference("X", string.Empty).IsRequired);
    }

    [Fact]
    public void A_topology_lists_what_its_deployment_must_provide()
    {
        var yaml = TopologyYaml.Replace("config: {}", "config: {sasl.password: \"${KAFKA_PASSWORD}\"}");

        var references = TopologyLoader.FindEnvironmentReferences(yaml);

        Assert.Equal(
            [
                ("source.kafka.config.sasl.password", new EnvironmentReference("KAFKA_PASSWORD", null)),
                ("telemetry.otlp_endpoint", new EnvironmentReference("OTEL_EXPORTER_OTLP_ENDPOINT", string.Empty)),
            ],
            references);
        Assert.Empty(TopologyLoader.FindEnvironmentReferences("name: [unclosed"));
    }
}
