using System.Text;

using BenchmarkDotNet.Attributes;

using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Codecs;
using StreamClassifier.Kafka.Replay;

namespace StreamClassifier.Benchmarks.Kafka;

/// <summary>
/// Decoding one sensor record of 250 samples of one channel (the Kafka throughput target's records)
/// through <see cref="SensorRecordDecoder"/>, as the worker does: limits, codec, topology-free checks.
/// Per record. JSON with values of 3 decimals (a sensor's resolution, as the Kafka bench sends) and
/// at full double precision (the longest a JSON number gets), and Protobuf (packed floats).
/// The allocation that must remain is the chunk: its 2,000-byte sample array and the record itself.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class SensorRecordDecoderBenchmarks
{
    private const int Samples = 250;

    private readonly SensorRecordDecoder decoder = new(SensorRecordLimits.Default);
    private readonly byte[] key = Encoding.UTF8.GetBytes("bench-000");
    private byte[] value = [];
    private string contentType = string.Empty;

    /// <summary>Record form.</summary>
    [Params("json-3-decimals", "json-full-precision", "protobuf")]
    public string Form { get; set; } = "json-3-decimals";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        var samples = Enumerable.Range(0, Samples).Select(i => Math.Sin(i * 0.05) + (0.1 * random.NextDouble())).ToArray();
        if (Form == "json-3-decimals")
        {
            samples = [.. samples.Select(sample => Math.Round(sample, 3))];
        }

        var chunk = new SampleChunk("bench-000", 1_764_205_200_000, 250, 1, samples);
        var format = Form == "protobuf" ? RecordFormat.Protobuf : RecordFormat.Json;
        value = SensorRecordEncoder.Encode(chunk, format);
        contentType = RecordContentType.For(format);
        if (!decoder.TryDecode(key, value, contentType, null, out _, out var error))
        {
            throw new InvalidOperationException($"the benchmark record does not decode: {error}");
        }
    }

    [Benchmark]
    public int Decode() => decoder.TryDecode(key, value, contentType, null, out var chunk, out _) ? chunk.SampleCount : -1;
}
