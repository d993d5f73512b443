using static StreamClassifier.Core.Tests.Topology.TopologyYaml;

namespace StreamClassifier.Core.Tests.Topology;

/// <summary>
/// Each librdkafka setting of <c>source.kafka.config</c> is passed through as written or refused at
/// load time with one message naming the key, the reason and the alternative (docs/configuration.md).
/// What the worker then does with the honoured ones is proven against the mock broker in the Kafka tests.
/// </summary>
public class KafkaConfigRulesTests
{
    [Theory]
    [InlineData("auto.offset.reset: latest")]
    [InlineData("client.id: plant-7")]
    [InlineData("isolation.level: read_uncommitted")]
    [InlineData("isolation.level: read_committed")]
    [InlineData("partition.assignment.strategy: cooperative-sticky")]
    [InlineData("group.protocol: classic")]
    [InlineData("group.protocol: consumer")]
    [InlineData("group.protocol: consumer, group.remote.assignor: uniform")]
    [InlineData("session.timeout.ms: \"10000\", heartbeat.interval.ms: \"1000\"")]
    public void Honoured_settings_pass_through_as_written(string settings)
    {
        var topology = Load(Replace("config: {}", $"config: {{{settings}}}"));

        foreach (var setting in settings.Split(", "))
        {
            var (key, value) = (setting[..setting.IndexOf(':', StringComparison.Ordinal)], setting[(setting.IndexOf(':', StringComparison.Ordinal) + 2)..].Trim('"'));
            Assert.Equal(value, topology.Source.Kafka.Config[key]);
        }
    }

    [Fact]
    public void Exactly_once_keeps_read_committed_when_it_is_stated()
    {
        var yaml = Replace("config: {}", "config: {isolation.level: read_committed}").Replace("delivery: at_least_once", "delivery: exactly_once", StringComparison.Ordinal);

        Assert.Equal("read_committed", Load(yaml).Source.Kafka.Config["isolation.level"]);
    }

    [Theory]
    [InlineData("at_least_once", "bootstrap.servers: \"k:9092\"", "bootstrap.servers", "'bootstrap.servers' cannot be set here: set by source.kafka.bootstrap; remove it")]
    [InlineData("at_least_once", "group.id: g", "group.id", "'group.id' cannot be set here: set by source.kafka.group; remove it")]
    [InlineData("at_least_once", "enable.auto.offset.store: \"true\"", "enable.auto.offset.store", "'enable.auto.offset.store' cannot be set here: the worker stores offsets itself")]
    [InlineData("at_least_once", "transactional.id: t", "transactional.id", "'transactional.id' cannot be set here: the worker derives it from the group and --instance-id in exactly_once mode; remove it")]
    [InlineData("exactly_once", "isolation.level: read_uncommitted", "isolation.level", "'isolation.level' is 'read_uncommitted', but delivery: exactly_once must read only committed records")]
    [InlineData("at_least_once", "partition.assignment.strategy: range", "partition.assignment.strategy", "'partition.assignment.strategy' is 'range', but the worker hands over only the partitions that move in a rebalance")]
    [InlineData("at_least_once", "partition.assignment.strategy: \"cooperative-sticky,range\"", "partition.assignment.strategy", "'partition.assignment.strategy' is 'cooperative-sticky,range', but the worker hands over only the partitions that move in a rebalance (drain, checkpoint, commit) and keeps processing the others, which needs incremental rebalancing; eager strategies (range, roundrobin) stop every partition on each rebalance and are not supported; remove it (cooperative-sticky is used) or set cooperative-sticky, or use group.protocol: consumer")]
    [InlineData("at_least_once", "group.protocol: consumer, partition.assignment.strategy: cooperative-sticky", "partition.assignment.strategy", "'partition.assignment.strategy' does not apply with group.protocol: consumer, where the broker assigns partitions; remove it, and choose the broker's assignor with group.remote.assignor")]
    [InlineData("at_least_once", "group.protocol: consumer, session.timeout.ms: \"6000\"", "session.timeout.ms", "'session.timeout.ms' is not a client setting with group.protocol: consumer (librdkafka refuses it); remove it and use the broker's group.consumer.session.timeout.ms")]
    [InlineData("at_least_once", "heartbeat.interval.ms: \"500\", group.protocol: consumer", "heartbeat.interval.ms", "'heartbeat.interval.ms' is not a client setting with group.protocol: consumer (librdkafka refuses it); remove it and use the broker's group.consumer.heartbeat.interval.ms")]
    [InlineData("at_least_once", "group.protocol: kip848", "group.protocol", "'group.protocol' is 'kip848'; librdkafka knows 'classic' (the default) and 'consumer' (KIP-848); use one of them")]
    public void Refused_settings_name_the_key_the_reason_and_the_alternative(string delivery, string settings, string key, string detail)
    {
        var yaml = Replace("config: {}", $"config: {{{settings}}}").Replace("delivery: at_least_once", $"delivery: {delivery}", StringComparison.Ordinal);

        var message = Error(yaml);

        var position = PositionOf(yaml, key + ":");
        Assert.Contains($"\n  - {Source}:{position}: source.kafka.config.{key}: {detail}", message, StringComparison.Ordinal);
        Assert.StartsWith($"Topology '{Source}' is not valid (1 problem)", message, StringComparison.Ordinal);
    }
}
