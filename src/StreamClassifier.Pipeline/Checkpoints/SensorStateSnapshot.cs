using StreamClassifier.Core.Records;
using StreamClassifier.Pipeline.Alerts;

namespace StreamClassifier.Pipeline.Checkpoints;

/// <summary>
/// A consistent checkpoint of one sensor: every chunk up to and including <see cref="LastSource"/>
/// applied, with its filter delay lines, window ring, sample counters, alert policy history and the
/// windows still waiting to be scored. Restoring it into a pipeline with the same topology and
/// continuing with the chunks after <see cref="LastSource"/> gives exactly the windows, scores and
/// alerts of an uninterrupted run. <see cref="ToBytes"/>/<see cref="FromBytes"/> give a compact,
/// versioned binary form (little-endian, <see cref="SensorStateSnapshotFormat"/>) for a changelog
/// topic or a file.
/// </summary>
public sealed record SensorStateSnapshot
{
    /// <summary>Sensor id.</summary>
    public required string SensorId { get; init; }

    /// <summary>The stream rule the state belongs to (checked on restore).</summary>
    public required string StreamName { get; init; }

    /// <summary>Time of the last accepted sample, ms; null before the first.</summary>
    public double? LastTimestampMs { get; init; }

    /// <summary>Samples accepted so far (the index of the next one).</summary>
    public long NextSampleIndex { get; init; }

    /// <summary>Sample index where the window's row 0 is (the index at the last reset).</summary>
    public long WindowIndexBase { get; init; }

    /// <summary>Windows completed since the last reset.</summary>
    public long WindowsEmitted { get; init; }

    /// <summary>Filter delay lines (<c>FilterChainState.CopyStateTo</c>); empty without filters.</summary>
    public required double[] FilterState { get; init; }

    /// <summary>Window ring contents (<c>SlidingWindow.CopyStateTo</c>).</summary>
    public required double[] WindowState { get; init; }

    /// <summary>Rows appended to the window since the last reset.</summary>
    public long WindowRowsSeen { get; init; }

    /// <summary>Times of the rows that start the next windows (rows k × hop since reset), indexed by k mod length.</summary>
    public required double[] WindowStartTimes { get; init; }

    /// <summary>Alert policy state; null for streams without a scorer.</summary>
    public AlertPolicyState? Alert { get; init; }

    /// <summary>Windows completed but not yet scored, in order; they are scored after a restore.</summary>
    public IReadOnlyList<SensorWindow> PendingWindows { get; init; } = [];

    /// <summary>The record of the last chunk applied, if chunks carried positions.</summary>
    public SourcePosition? LastSource { get; init; }

    /// <summary>Serialises the checkpoint.</summary>
    public byte[] ToBytes() => SensorStateSnapshotFormat.Write(this);

    /// <summary>Reads a checkpoint written by <see cref="ToBytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a checkpoint of a version this build reads, or are truncated.</exception>
    public static SensorStateSnapshot FromBytes(ReadOnlySpan<byte> bytes) => SensorStateSnapshotFormat.Read(bytes);
}
