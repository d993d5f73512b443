using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Filters;
using StreamClassifier.Dsp.Normalization;

namespace StreamClassifier.Dsp.Preprocessing;

/// <summary>
/// A whole recording preprocessed the way the worker streams a sensor that starts at its first sample:
/// the filter chain runs from a fresh state over every row, a window is rows [start, start + size) of
/// the filtered signal, copied channel-major and normalised by the stream's normaliser. The worker's
/// windows are those starting at k × hop; the trainer also cuts windows at any start (beat-centred
/// training windows), so training and serving see the same values for the same rows.
/// </summary>
public sealed class RecordingPreprocessor
{
    private readonly FilterChain? chain;
    private readonly IWindowNormalizer normalizer;

    /// <summary>Creates the preprocessing for <paramref name="channels"/>-channel rows at <paramref name="sampleRateHz"/>.</summary>
    public RecordingPreprocessor(IReadOnlyList<FilterSpec> filters, double sampleRateHz, WindowSpec window, NormalizationSpec normalize, int channels)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(normalize);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        chain = filters.Count == 0 ? null : FilterChain.Create(filters, sampleRateHz);
        normalizer = WindowNormalizer.Create(normalize, channels);
        Window = window;
        Channels = channels;
    }

    /// <summary>Window size and hop.</summary>
    public WindowSpec Window { get; }

    /// <summary>Channels per row.</summary>
    public int Channels { get; }

    /// <summary>Values per window (channels × size).</summary>
    public int WindowValues => Channels * Window.Size;

    /// <summary>The filtered copy of <paramref name="rows"/> (row-major, <see cref="Channels"/> values per row).</summary>
    public double[] Filter(ReadOnlySpan<double> rows)
    {
        var filtered = rows.ToArray();
        chain?.CreateState(Channels).Process(filtered);
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

        normalizer.Normalize(scratch[..WindowValues], Channels, size, destination);
    }
}
