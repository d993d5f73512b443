using System.Text.Json;
using StreamClassifier.Worker.Bench;

namespace StreamClassifier.Worker.Tests.Bench;

/// <summary>
/// The JSON of <c>bench --json</c> (offline and Kafka) keeps its field order now that both results share
/// <see cref="BenchSetup"/>: scripts and docs/benchmarks.md read these lines.
/// </summary>
public class BenchResultJsonTests
{
    [Fact]
    public void Offline_result_json_lists_source_then_the_setup_then_the_measurements()
    {
        var result = new BenchResult
        {
            Topology = "bench-example2", Model = "m v1", Batch = 32, Window = "500/125 x 1ch @ 250 Hz", Sensors = 4, ChunkSamples = 250,
            Windows = 10, Samples = 2500, Rounds = 3, WindowsPerS = 1, SamplesPerS = 2, CeilingWindowsPerS = 3, Ratio = 0.5, AllocatedBytesPerSample = 0,
            PerRound = [new BenchRound(1, 2)],
        };

        Assert.Equal(
            ["source", "topology", "model", "batch", "window", "sensors", "chunk_samples", "windows", "samples", "rounds", "windows_per_s", "samples_per_s", "ceiling_windows_per_s", "ratio", "allocated_bytes_per_sample", "per_round"],
            Keys(result));
    }

    [Fact]
    public void Kafka_result_json_lists_the_setup_then_the_measurements()
    {
        var result = new KafkaBenchResult
        {
            Topology = "bench-example2", Model = "m v1", Batch = 32, Window = "500/125", Sensors = 4, ChunkSamples = 250,
            Records = 10, RecordMegabytes = 0.1, Partitions = 2, Samples = 2500, Windows = 10, Seconds = 1, RecordsPerSecond = 10, SamplesPerSecond = 2500, WindowsPerSecond = 10,
            CeilingWindowsPerSecondBefore = 20, CeilingWindowsPerSecondAfter = 20, CpuSecondsPerSecond = 1, WindowsPerCpuSecond = 10, CeilingWindowsPerCpuSecond = 20,
            CeilingCpuSecondsPerSecond = 1, BrokerCpuSeconds = 0.5, LoadAverageBefore = "0 0 0", LoadAverageAfter = "0 0 0",
        };

        Assert.Equal(
            ["topology", "model", "batch", "window", "sensors", "chunk_samples", "records", "record_megabytes", "partitions", "samples", "windows", "seconds", "records_per_second", "samples_per_second", "windows_per_second",
             "ceiling_windows_per_second_before", "ceiling_windows_per_second_after", "ceiling_windows_per_second", "ratio", "cpu_seconds_per_second", "windows_per_cpu_second", "ceiling_windows_per_cpu_second",
             "ceiling_cpu_seconds_per_second", "cpu_ratio", "broker_cpu_seconds", "load_average_before", "load_average_after"],
            Keys(result));
    }

    private static string[] Keys<T>(T result)
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(result, BenchResult.JsonOptions));
        return [.. document.RootElement.EnumerateObject().Select(property => property.Name)];
    }
}
