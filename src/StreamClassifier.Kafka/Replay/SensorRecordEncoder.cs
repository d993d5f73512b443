using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Codecs;

namespace StreamClassifier.Kafka.Replay;

/// <summary>Encodes chunks as sensor records in either format.</summary>
public static class SensorRecordEncoder
{
    /// <summary>The record value of <paramref name="chunk"/> in <paramref name="format"/>.</summary>
    public static byte[] Encode(SampleChunk chunk, RecordFormat format) =>
        format == RecordFormat.Protobuf ? ProtobufSensorRecordCodec.Encode(chunk) : JsonSensorRecordCodec.Encode(chunk);
}
