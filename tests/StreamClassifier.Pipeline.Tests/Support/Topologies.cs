using StreamClassifier.Core.Topology;

namespace StreamClassifier.Pipeline.Tests.Support;

public static class Topologies
{
    public static StreamSpec Stream(
        string name = "s",
        string sensors = "*",
        double rateHz = 100,
        int size = 4,
        int hop = 4,
        int[]? channels = null,
        IReadOnlyList<FilterSpec>? filters = null,
        NormalizationSpec? normalize = null,
        AlertPolicySpec? alert = null,
        SensorStateSpec? state = null) => new()
        {
            Name = name,
            Sensors = sensors,
            SampleRateHz = rateHz,
            Channels = channels ?? [0],
            Filters = filters ?? [],
            Window = new WindowSpec(size, hop),
            Normalize = normalize ?? NormalizationSpec.None,
            Model = new ModelSpec { Path = "models/fake.onnx" },
            Alert = alert,
            State = state ?? new SensorStateSpec(),
        };

    public static TopologyDefinition Of(BatchingSpec? batching = null, params StreamSpec[] streams) => new()
    {
        Name = "test-topology",
        Source = new SourceSpec { Kafka = new KafkaSourceSpec { Bootstrap = "embedded", Topic = "sensors", Group = "g" } },
        Streams = streams,
        Batching = batching ?? new BatchingSpec { MaxBatch = 4, MaxDelayMs = 10 },
    };
}
