using StreamClassifier.Core.Records;

namespace StreamClassifier.Kafka.Replay;

/// <summary>A recording ready to publish: every sensor's samples cut into chunks, in publication order (by start time).</summary>
/// <param name="Chunks">Chunks ordered by <see cref="SampleChunk.T0Ms"/>, then sensor id.</param>
public sealed record Recording(IReadOnlyList<SampleChunk> Chunks)
{
    /// <summary>Total samples (rows).</summary>
    public long SampleCount => Chunks.Sum(chunk => (long)chunk.SampleCount);

    /// <summary>Distinct sensors.</summary>
    public IReadOnlyList<string> Sensors => [.. Chunks.Select(chunk => chunk.SensorId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Time of the first sample of the recording, ms.</summary>
    public double StartMs => Chunks.Count == 0 ? 0 : Chunks.Min(chunk => chunk.T0Ms);
}
