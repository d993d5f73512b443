using StreamClassifier.Core.Topology;

namespace StreamClassifier.Dsp.Preprocessing;

/// <summary>
/// A whole recording preprocessed the way the worker streams a sensor that starts at its first sample:
/// the filter chain runs from a fresh state over every row, a window is rows [start, start + size) of
/// the filtered signal, copied channel-major and normalised by the stream's normaliser. The worker's
/// windows are those starting at k × hop; the trainer also cuts windows at any start (beat-centred
/// training windows), so training and serving see the same values for the same rows. Its stages are
/// those of the <see cref="PreprocessingChain"/> the worker builds for the same stream.
/// </summary>
public sealed class RecordingPreprocessor
{
    /// <summary>Creates the preprocessing for <paramref name="channels"/>-channel rows at <paramref name="sampleRateHz"/>.</summary>
    public RecordingPreprocessor(IReadOnlyList<FilterSpec> filters, double sampleRateHz, WindowSpec window, NormalizationSpec normalize, int channels)
        => Chain = new PreprocessingChain(filters, sampleRateHz, window, normalize, channels);

    /// <summary>The stages this recording goes through.</summary>
    public PreprocessingChain Chain { get; }

    /// <summary>Window size and hop.</summary>
    public WindowSpec Window => Chain.Window;

    /// <summary>Channels per row.</summary>
    public int Channels => Chain.Channels;

    /// <summary>Values per window (channels × size).</summary>
    public int WindowValues => Chain.WindowValues;

    /// <summary>The filtered copy of <paramref name="rows"/> (row-major, <see cref="Channels"/> values per row).</summary>
    public double[] Filter(ReadOnlySpan<double> rows)
    {
        var filtered = rows.ToArray();
        Chain.CreateState().Filter(filtered);
        return filtered;
    }

    /// <summary>First rows of the windows the worker emits for a stream of <paramref name="rowCount"/> rows: 0, hop, 2·hop, … while the window fits.</summary>
    public long[] StreamWindowStarts(long rowCount)
    {
        var count = rowCount < Window.Size ? 0 : ((rowCount - Window.Size) / Window.Hop) + 1;
        var starts = new long[count];
        for (long k = 0; k < count; k++)
        {
            starts[k] = k * Window.Hop;
        }

        return starts;
    }

    /// <summary>Normalises rows [<paramref name="start"/>, start + size) of <paramref name="filtered"/> into <paramref name="destination"/> (channel-major floats).</summary>
    public void CutWindow(ReadOnlySpan<double> filtered, long start, Span<double> scratch, Span<float> destination)
    {
        var size = Window.Size;
        if (start < 0 || (start + size) * Channels > filtered.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"A window of {size} rows starting at row {start} does not fit a recording of {filtered.Length / Channels} rows.");
        }

        for (var channel = 0; channel < Channels; channel++)
        {
            for (var i = 0; i < size; i++)
            {
                scratch[(channel * size) + i] = filtered[(int)(((start + i) * Channels) + channel)];
            }
        }

        Chain.Normalize(scratch, destination);
    }
}
