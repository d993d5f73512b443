using StreamClassifier.Core.Records;
using StreamClassifier.Pipeline.Counters;

namespace StreamClassifier.Pipeline.Events;

/// <summary>
/// Something the pipeline reports. Events of one sensor come out in processing order: drops as the
/// chunk is read, then its windows' scores each followed by the alert they caused, and
/// <see cref="ChunkCompleted"/> events in input order once every window of the chunk is scored.
/// </summary>
public abstract record PipelineEvent;

/// <summary>A window was scored.</summary>
/// <param name="Score">The window and its probability of class 1.</param>
/// <param name="Source">Where the sensor's last record came from (its source partition), when known.</param>
public sealed record WindowScored(WindowScore Score, SourcePosition? Source = null) : PipelineEvent;

/// <summary>The alert policy of a sensor changed state.</summary>
/// <param name="Alert">The alert record to publish.</param>
/// <param name="Source">Where the sensor's last record came from (its source partition), when known.</param>
public sealed record AlertEmitted(AlertRecord Alert, SourcePosition? Source = null) : PipelineEvent;

/// <summary>Samples were dropped (counted in <see cref="PipelineCounters"/> too).</summary>
/// <param name="Drop">Which samples and why.</param>
public sealed record SamplesDropped(SampleDrop Drop) : PipelineEvent;

/// <summary>
/// Emitted after every window completed by this chunk's samples has been scored and its alerts
/// emitted, and after every earlier chunk's <see cref="ChunkCompleted"/> (completions keep input order).
/// </summary>
/// <param name="Chunk">The input chunk.</param>
public sealed record ChunkCompleted(SampleChunk Chunk) : PipelineEvent;

/// <summary>A sensor's state was dropped after it was idle for the stream's <c>idle_eviction_s</c>.</summary>
/// <param name="SensorId">Sensor id.</param>
/// <param name="Source">Where the sensor's last record came from (its source partition), when known.</param>
public sealed record SensorEvicted(string SensorId, SourcePosition? Source = null) : PipelineEvent;
