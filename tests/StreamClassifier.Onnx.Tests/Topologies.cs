using StreamClassifier.Core.Models;
using StreamClassifier.Core.Topology;

namespace StreamClassifier.Onnx.Tests;

/// <summary>Topologies built in code, as the YAML loader would produce them.</summary>
internal static class Topologies
{
    public const string File = "topologies/x.yaml";

    public static TopologyDefinition OneStream(string baseDirectory, string modelPath, int channels, int windowSize,
        InputLayout? layout = null, OutputKind? output = null, double sampleRateHz = 100) => new()
    {
        Name = "test",
        FilePath = File,
        BaseDirectory = baseDirectory,
        Source = new SourceSpec { Kafka = new KafkaSourceSpec { Bootstrap = "embedded", Topic = "sensors", Group = "g" } },
        Streams =
        [
            new StreamSpec
            {
                Name = "s",
                Sensors = "*",
                SampleRateHz = sampleRateHz,
                Channels = Enumerable.Range(0, channels).ToArray(),
                Window = new WindowSpec(windowSize, windowSize / 2),
                Model = new ModelSpec { Path = modelPath, InputLayout = layout, Output = output },
            },
        ],
    };
}
