namespace StreamClassifier.Core.Records;

/// <summary>
/// One normalised window of one sensor, ready to score. Values are channel-major
/// (<c>[channel][sample]</c>, the NCL layout of one batch row).
/// </summary>
public sealed class SensorWindow
{
    /// <summary>Creates a window.</summary>
    public SensorWindow(
        string sensorId,
        string streamName,
        long startIndex,
        double startMs,
        double endMs,
        int channels,
        int length,
        float[] values,
        SourcePosition? completedBy)
    {
        ArgumentNullException.ThrowIfNull(sensorId);
        ArgumentNullException.ThrowIfNull(streamName);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != channels * length)
        {
            throw new ArgumentException($"A window of {channels} channel(s) × {length} samples needs {channels * length} values, got {values.Length}.", nameof(values));
        }

        SensorId = sensorId;
        StreamName = streamName;
        StartIndex = startIndex;
        StartMs = startMs;
        EndMs = endMs;
        Channels = channels;
        Length = length;
        Values = values;
        CompletedBy = completedBy;
    }

    /// <summary>Sensor id.</summary>
    public string SensorId { get; }

    /// <summary>Name of the topology stream rule that produced the window.</summary>
    public string StreamName { get; }

    /// <summary>Index of the first sample, counting this sensor's samples from 0.</summary>
    public long StartIndex { get; }

    /// <summary>Index one past the last sample (exclusive).</summary>
    public long EndIndex => StartIndex + Length;

    /// <summary>Time of the first sample, ms since the Unix epoch.</summary>
    public double StartMs { get; }

    /// <summary>
    /// End of the window, exclusive: <see cref="StartMs"/> + <see cref="Length"/> × the stream's sample
    /// period, ms since the Unix epoch (the time the next sample after the window is due).
    /// </summary>
    public double EndMs { get; }

    /// <summary>Channels in the window.</summary>
    public int Channels { get; }

    /// <summary>Samples per channel.</summary>
    public int Length { get; }

    /// <summary>Normalised values, channel-major.</summary>
    public float[] Values { get; }

    /// <summary>The record whose samples completed this window (for offset tracking), if any.</summary>
    public SourcePosition? CompletedBy { get; }
}
