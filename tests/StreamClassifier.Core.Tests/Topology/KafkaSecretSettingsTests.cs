using StreamClassifier.Core.Topology;
using StreamClassifier.Core.Topology.Loading;
using static StreamClassifier.Core.Tests.Topology.TopologyYaml;

namespace StreamClassifier.Core.Tests.Topology;

/// <summary>Secret librdkafka settings come only from the environment; the file never holds one, and no message repeats one.</summary>
public sealed class KafkaSecretSettingsTests
{
    private const string Secret = "hunter2-literal-secret";

    public static TheoryData<string> SecretNames() => [.. KafkaSecretSettings.Names];

    [Theory]
    [MemberData(nameof(SecretNames))]
    public void A_secret_written_in_the_file_is_refused_without_repeating_it(string key)
    {
        var yaml = Replace("config: {}", $"config: {{{key}: \"{Secret}\"}}");

        var message = Error(yaml);

        Assert.Contains($"source.kafka.config.{key}: '{key}' is a secret and is accepted only from the environment", message, StringComparison.Ordinal);
        Assert.Contains($"write \"${{KAFKA_{key.ToUpperInvariant().Replace('.', '_')}}}\"", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${KAFKA_PASSWORD:-" + Secret + "}")]
    [InlineData("prefix-${KAFKA_PASSWORD}")]
    [InlineData("${KAFKA_PASSWORD}${KAFKA_SUFFIX}")]
    public void A_secret_partly_written_in_the_file_is_refused_too(string written)
    {
        var message = Error(Replace("config: {}", $"config: {{sasl.password: \"{written}\"}}"), new Dictionary<string, string> { ["KAFKA_PASSWORD"] = "from-env", ["KAFKA_SUFFIX"] = "x" });

        Assert.Contains("'sasl.password' is a secret", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, message, StringComparison.Ordinal);
        Assert.DoesNotContain("from-env", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_from_the_environment_passes_through_and_other_settings_may_be_literal()
    {
        var yaml = Replace("config: {}", "config: {security.protocol: SASL_SSL, sasl.username: worker, sasl.password: \"${KAFKA_PASSWORD}\"}");

        var config = Load(yaml, new Dictionary<string, string> { ["KAFKA_PASSWORD"] = "p@ss" }).Source.Kafka.Config;

        Assert.Equal("p@ss", config["sasl.password"]);
        Assert.Equal("worker", config["sasl.username"]);
    }
}
