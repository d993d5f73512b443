using StreamClassifier.Kafka.Codecs;

namespace StreamClassifier.Fuzz.Targets;

/// <summary>A Kafka record value as a JSON sensor record. The codec never throws for bad input: it returns a classified error.</summary>
public sealed class JsonRecordTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "json-record";

    /// <inheritdoc />
    public override bool Run(byte[] input) =>
        JsonSensorRecordCodec.TryDecode(input, SensorRecordLimits.Default, source: null, out _, out _);
}
