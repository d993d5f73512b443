using StreamClassifier.Core.Topology;

namespace StreamClassifier.Kafka.Tests.Support;

/// <summary>Topologies built in code for tests.</summary>
public static class TestTopologies
{
    /// <summary>One stream rule "ecg" for sensors "ecg-*".</summary>
    public static TopologyDefinition Minimal(IReadOnlyList<int> channels, double rateHz, string bootstrap = "embedded", string topic = "sensors") => new()
    {
        Name = "test",
        Source = new SourceSpec { Kafka = new KafkaSourceSpec { Bootstrap = bootstrap, Topic = topic, Group = "test-group" } },
        Streams =
        [
            new StreamSpec { Name = "ecg", Sensors = "ecg-*", SampleRateHz = rateHz, Channels = channels, Window = new WindowSpec(8, 4) },
        ],
    };
}
