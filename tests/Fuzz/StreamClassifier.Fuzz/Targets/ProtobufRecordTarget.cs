using StreamClassifier.Kafka.Codecs;

namespace StreamClassifier.Fuzz.Targets;

/// <summary>A Kafka record value as a Protobuf sensor record. The codec never throws for bad input: it returns a classified error.</summary>
public sealed class ProtobufRecordTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "protobuf-record";

    /// <inheritdoc />
    public override bool Run(byte[] input) =>
        ProtobufSensorRecordCodec.TryDecode(input, SensorRecordLimits.Default, source: null, out _, out _);
}
