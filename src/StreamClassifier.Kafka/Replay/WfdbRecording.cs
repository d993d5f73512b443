using StreamClassifier.Core.Recordings;
using StreamClassifier.Core.Records;

namespace StreamClassifier.Kafka.Replay;

/// <summary>A MIT-BIH (WFDB) record as one sensor's recording: physical values in mV at the record's rate, every signal a channel.</summary>
public static class WfdbRecording
{
    /// <summary>Reads a WFDB record and cuts it into chunks.</summary>
    /// <param name="recordPath">The record path (with or without .hea).</param>
    /// <param name="sensorId">Sensor id; null uses <c>ecg-&lt;record name&gt;</c> (as in DESIGN.md's example).</param>
    /// <param name="startMs">Time of the first sample, ms since the Unix epoch.</param>
    /// <param name="samplesPerChunk">Samples per chunk.</param>
    public static Recording Read(string recordPath, string? sensorId, double startMs, int samplesPerChunk)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerChunk, 1);
        var record = WfdbRecord.Read(recordPath);
        var sensor = sensorId ?? "ecg-" + record.Name;
        var chunks = new List<SampleChunk>();
        for (var row = 0; row < record.SampleCount; row += samplesPerChunk)
        {
            var rows = Math.Min(samplesPerChunk, record.SampleCount - row);
            chunks.Add(new SampleChunk(sensor, startMs + (row * 1000.0 / record.SampleRateHz), record.SampleRateHz, record.Channels, record.Rows(row, rows).ToArray()));
        }

        return new Recording(chunks);
    }
}
