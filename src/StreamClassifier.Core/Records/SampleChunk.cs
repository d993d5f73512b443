namespace StreamClassifier.Core.Records;

/// <summary>
/// A run of consecutive samples from one sensor, as decoded from one sensor record.
/// Sample <c>i</c> has time <c>T0Ms + i * 1000 / SampleRateHz</c>.
/// </summary>
/// <param name="SensorId">Sensor id (the Kafka key).</param>
/// <param name="T0Ms">Time of the first sample, milliseconds since the Unix epoch (may be fractional).</param>
/// <param name="SampleRateHz">Samples per second per channel.</param>
/// <param name="Channels">Values per sample.</param>
/// <param name="Samples">Row-major values: sample 0 channel 0, sample 0 channel 1, ..., length = samples × channels.</param>
/// <param name="Source">Where the record came from, when it came from somewhere addressable.</param>
public sealed record SampleChunk(
    string SensorId,
    double T0Ms,
    double SampleRateHz,
    int Channels,
    ReadOnlyMemory<double> Samples,
    SourcePosition? Source = null)
{
    /// <summary>Number of samples (rows) in the chunk.</summary>
    public int SampleCount => Channels == 0 ? 0 : Samples.Length / Channels;

    /// <summary>Milliseconds between consecutive samples.</summary>
    public double SamplePeriodMs => 1000.0 / SampleRateHz;

    /// <summary>Time of sample <paramref name="index"/> of this chunk, in milliseconds.</summary>
    public double TimeOf(int index) => T0Ms + (index * 1000.0 / SampleRateHz);
}
