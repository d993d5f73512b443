using StreamClassifier.Core.Records;

namespace StreamClassifier.Pipeline.Events;

/// <summary>
/// The filtered samples of one input chunk (preprocess mode): late and duplicate samples removed,
/// the stream's channels selected, the filter chain applied with the sensor's running state.
/// </summary>
/// <param name="SensorId">Sensor id.</param>
/// <param name="StreamName">Stream rule that matched the sensor.</param>
/// <param name="StartIndex">Index of the first sample, counting the sensor's accepted samples from 0.</param>
/// <param name="T0Ms">Time of the first sample, ms since the Unix epoch.</param>
/// <param name="SampleRateHz">Samples per second per channel.</param>
/// <param name="Channels">Channels per sample (the stream's selected channels).</param>
/// <param name="Samples">Row-major filtered values; a fresh array owned by the consumer.</param>
/// <param name="Source">The record the samples came from, if known.</param>
public sealed record FilteredChunk(
    string SensorId,
    string StreamName,
    long StartIndex,
    double T0Ms,
    double SampleRateHz,
    int Channels,
    ReadOnlyMemory<double> Samples,
    SourcePosition? Source)
{
    /// <summary>Number of samples (rows).</summary>
    public int SampleCount => Channels == 0 ? 0 : Samples.Length / Channels;

    /// <summary>Time of sample <paramref name="index"/> of this chunk, ms.</summary>
    public double TimeOf(int index) => T0Ms + (index * 1000.0 / SampleRateHz);
}
