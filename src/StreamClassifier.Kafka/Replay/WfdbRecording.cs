using StreamClassifier.Core.Recordings;
using StreamClassifier.Core.Records;

namespace StreamClassifier.Kafka.Replay;

/// <summary>A MIT-BIH (WFDB) record as one sensor's recording: physical values in mV at the record's rate, every signal a channel.</summary>
public static class WfdbRecording
{
    /// <summary>Reads a WFDB record and cuts it into chunks.</summary>
    /// <param name="recordPath">The record path (with or without .hea).</param>
    /// <param name="sensorId">Sensor id; null uses <c>ecg-&lt;record name&gt;</c> (as in docs/contracts.md's example).</param>
    /// <param name="startMs">Time of the first sample, ms since the Unix epoch.</param>
    /// <param name="samplesPerChunk">Samples per chunk.</param>
    /// <param name="skipSeconds">Seconds of the record to leave out at its start; the samples published keep their place on the record's timeline (sample i at <paramref name="startMs"/> + i / rate).</param>
    /// <param name="seconds">Seconds to publish after that (null: to the end of the record).</param>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or outside the record; the message says the record's duration.</exception>
    public static Recording Read(string recordPath, string? sensorId, double startMs, int samplesPerChunk, double skipSeconds = 0, double? seconds = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerChunk, 1);
        var record = WfdbRecord.Read(recordPath);
        if (!(skipSeconds >= 0) || skipSeconds >= record.DurationSeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(skipSeconds), skipSeconds, $"--skip-seconds must be at least 0 and less than the record's {record.DurationSeconds:0.###} s ({record.Name}: {record.SampleCount} samples at {record.SampleRateHz} Hz).");
        }

        if (seconds is double span && !(span > 0 && double.IsFinite(span)))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "--seconds must be a positive number of seconds.");
        }

        var first = (int)Math.Round(skipSeconds * record.SampleRateHz);
        var end = seconds is double length ? (int)Math.Min(record.SampleCount, first + Math.Round(length * record.SampleRateHz)) : record.SampleCount;
        var sensor = sensorId ?? "ecg-" + record.Name;
        var chunks = new List<SampleChunk>();
        for (var row = first; row < end; row += samplesPerChunk)
        {
            var rows = Math.Min(samplesPerChunk, end - row);
            chunks.Add(new SampleChunk(sensor, startMs + (row * 1000.0 / record.SampleRateHz), record.SampleRateHz, record.Channels, record.Rows(row, rows).ToArray()));
        }

        return new Recording(chunks);
    }
}
