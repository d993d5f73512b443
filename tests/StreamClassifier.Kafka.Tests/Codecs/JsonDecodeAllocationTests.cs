using StreamClassifier.Core.Records;
using StreamClassifier.Kafka.Codecs;

namespace StreamClassifier.Kafka.Tests.Codecs;

/// <summary>Decoding a JSON record allocates nothing per sample beyond the chunk's own sample array (the decoder benchmark's MemoryDiagnoser shows the same).</summary>
public sealed class JsonDecodeAllocationTests
{
    private static readonly SensorRecordLimits Limits = new(MaxRecordBytes: 1 << 20, MaxSamplesPerRecord: 10_000);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Ten_times_the_samples_cost_only_ten_times_the_sample_array(int channels)
    {
        var small = Record(rows: 250, channels);
        var large = Record(rows: 2500, channels);
        var smallBytes = AllocatedByDecode(small);
        var largeBytes = AllocatedByDecode(large);

        // The two records differ only in their sample count, so any allocation per sample shows here.
        Assert.Equal((2500 - 250) * channels * sizeof(double), largeBytes - smallBytes);
    }

    private static long AllocatedByDecode(byte[] value)
    {
        Assert.True(JsonSensorRecordCodec.TryDecode(value, Limits, null, out _, out var error), error?.ToString()); // JIT and the per-thread buffer
        var before = GC.GetAllocatedBytesForCurrentThread();
        JsonSensorRecordCodec.TryDecode(value, Limits, null, out var chunk, out _);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(chunk);
        return allocated;
    }

    private static byte[] Record(int rows, int channels)
    {
        var random = new Random(11);
        var samples = Enumerable.Range(0, rows * channels).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
        return JsonSensorRecordCodec.Encode(new SampleChunk("bench-000", 1_764_205_200_000, 250, channels, samples));
    }
}
