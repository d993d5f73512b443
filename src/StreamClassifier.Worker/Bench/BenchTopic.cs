using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Codecs;

namespace StreamClassifier.Worker.Bench;

/// <summary>The generated records a Kafka throughput bench puts on its topic, and what they amount to.</summary>
/// <param name="Settings">What was asked for.</param>
/// <param name="Chunks">The records, in publishing order.</param>
/// <param name="RecordBytes">Their JSON bytes.</param>
/// <param name="Partitions">Partitions of the topic.</param>
/// <param name="Samples">Samples over all sensors.</param>
/// <param name="ExpectedWindows">Windows they complete.</param>
internal sealed record BenchTopic(BenchSettings Settings, IReadOnlyList<SampleChunk> Chunks, long RecordBytes, int Partitions, long Samples, long ExpectedWindows)
{
    /// <summary>Generates the sensors' signals for <paramref name="settings"/> and sizes the topic (at least 4 partitions, about <paramref name="bytesPerPartition"/> each, unless <paramref name="partitions"/> says).</summary>
    public static BenchTopic Generate(StreamSpec stream, BenchSettings settings, long bytesPerPartition, int? partitions)
    {
        var windowsPerSensor = Math.Max(1, settings.Windows / settings.Sensors);
        var samplesPerSensor = stream.Window.Size + ((windowsPerSensor - 1) * stream.Window.Hop);
        var prefix = stream.Sensors.Replace("*", "bench-", StringComparison.Ordinal).Replace('?', 'x');
        var chunks = SyntheticSignals.Generate(prefix, settings.Sensors, samplesPerSensor, stream.Channels.Max() + 1, stream.SampleRateHz, settings.ChunkSize, settings.Seed, KafkaThroughput.SampleDecimals);
        var recordBytes = chunks.Sum(chunk => (long)JsonSensorRecordCodec.Encode(chunk).Length);
        var partitionCount = partitions ?? (int)Math.Clamp((recordBytes + bytesPerPartition - 1) / bytesPerPartition, 4, 256);
        return new BenchTopic(settings, chunks, recordBytes, partitionCount, (long)samplesPerSensor * settings.Sensors, (long)windowsPerSensor * settings.Sensors);
    }
}
