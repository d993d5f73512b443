using System.Text.Json.Serialization;

namespace StreamClassifier.Worker.Bench;

/// <summary>
/// What a bench run measured, shared by the offline (<see cref="BenchResult"/>) and the Kafka
/// (<see cref="KafkaBenchResult"/>) results.
/// </summary>
internal abstract record BenchSetup
{
    /// <summary>
    /// JSON order of these fields: before the derived result's own (System.Text.Json would otherwise
    /// write a derived type's properties first), as when each result declared them itself.
    /// </summary>
    protected const int SetupOrder = -1;

    /// <summary>Topology name.</summary>
    [JsonPropertyOrder(SetupOrder)]
    public required string Topology { get; init; }

    /// <summary>Model name and version.</summary>
    [JsonPropertyOrder(SetupOrder)]
    public required string Model { get; init; }

    /// <summary>Batch size (topology <c>batching.max_batch</c>), used by the measured run and the scorer-alone ceiling alike.</summary>
    [JsonPropertyOrder(SetupOrder)]
    public required int Batch { get; init; }

    /// <summary>Window size and hop.</summary>
    [JsonPropertyOrder(SetupOrder)]
    public required string Window { get; init; }

    /// <summary>Generated sensors.</summary>
    [JsonPropertyOrder(SetupOrder)]
    public required int Sensors { get; init; }

    /// <summary>Samples per record.</summary>
    [JsonPropertyOrder(SetupOrder)]
    public required int ChunkSamples { get; init; }
}
