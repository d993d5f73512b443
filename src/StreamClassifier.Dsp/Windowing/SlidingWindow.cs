using System.Globalization;
using System.Runtime.CompilerServices;

using StreamClassifier.Core.Topology;

namespace StreamClassifier.Dsp.Windowing;

/// <summary>
/// Cuts one sensor's interleaved rows into windows of <see cref="WindowSpec.Size"/> rows every
/// <see cref="WindowSpec.Hop"/> rows; the first window starts at row 0 and completes when
/// <c>Size</c> rows have arrived. Rows live in a ring buffer of <c>Size</c> rows, so memory is fixed
/// and nothing is allocated per sample. A hop larger than the size skips the rows in between.
/// Not thread-safe: one caller per sensor, in order.
/// </summary>
public sealed class SlidingWindow
{
    /// <summary>Ring of the last <see cref="Size"/> rows; row r lives at slot r % Size.</summary>
    private readonly double[] ring;

    /// <summary>Creates an empty window for <paramref name="channels"/> interleaved channels.</summary>
    public SlidingWindow(WindowSpec spec, int channels)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Size < 1)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The window size is {spec.Size}; it must be at least 1 sample. Set window.size to the model's input length."),
                nameof(spec));
        }

        if (spec.Hop < 1)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The window hop is {spec.Hop}; it must be at least 1 sample. Set window.hop to the number of samples between window starts (hop = size for back-to-back windows)."),
                nameof(spec));
        }

        if (channels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "A window needs at least one channel.");
        }

        if ((long)spec.Size * channels > Array.MaxLength)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A window of {spec.Size} samples × {channels} channels is too large to hold in memory."),
                nameof(spec));
        }

        Size = spec.Size;
        Hop = spec.Hop;
        Channels = channels;
        ring = new double[Size * channels];
    }

    /// <summary>Rows per window.</summary>
    public int Size { get; }

    /// <summary>Rows between window starts.</summary>
    public int Hop { get; }

    /// <summary>Interleaved channels per row.</summary>
    public int Channels { get; }

    /// <summary>Rows appended since creation or the last <see cref="Reset"/>.</summary>
    public long RowsSeen { get; private set; }

    /// <summary>A window completed during the last <see cref="Append"/> and has not been copied yet.</summary>
    public bool WindowReady { get; private set; }

    /// <summary>Row index (counted like <see cref="RowsSeen"/>) of the ready window's first row.</summary>
    public long WindowStartIndex { get; private set; }

    /// <summary>Doubles written by <see cref="CopyStateTo"/>: Size × Channels.</summary>
    public int StateLength => ring.Length;

    /// <summary>Rows still needed before the next window completes.</summary>
    public int RowsUntilNextWindow => RowsSeen < Size ? (int)(Size - RowsSeen) : Hop - (int)((RowsSeen - Size) % Hop);

    /// <summary>
    /// Appends rows until a window completes or the rows run out, and returns how many rows it
    /// consumed; call again with the rest after taking the window. A window not copied before the
    /// next call is dropped (<see cref="WindowReady"/> only reports the last call).
    /// </summary>
    /// <exception cref="ArgumentException">The span is not a whole number of rows.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Append(ReadOnlySpan<double> interleavedRows)
    {
        if (interleavedRows.Length % Channels != 0)
        {
            ThrowNotWholeRows(interleavedRows.Length);
        }

        WindowReady = false;
        var available = interleavedRows.Length / Channels;
        var untilWindow = RowsUntilNextWindow;
        var rows = Math.Min(available, untilWindow);
        if (rows == 0)
        {
            return 0;
        }

        // Copy into the ring in at most two contiguous pieces (before and after the wrap).
        var slot = (int)(RowsSeen % Size);
        var remaining = rows;
        var source = interleavedRows[..(rows * Channels)];
        if (rows > Size)
        {
            // Only the last Size rows can be in a window (hop > size skips the others).
            var skipped = rows - Size;
            source = source[(skipped * Channels)..];
            slot = (int)((RowsSeen + skipped) % Size);
            remaining = Size;
        }

        var firstPiece = Math.Min(remaining, Size - slot);
        source[..(firstPiece * Channels)].CopyTo(ring.AsSpan(slot * Channels));
        source[(firstPiece * Channels)..].CopyTo(ring);

        RowsSeen += rows;
        if (rows == untilWindow)
        {
            WindowReady = true;
            WindowStartIndex = RowsSeen - Size;
        }

        return rows;
    }

    /// <summary>Copies the ready window channel-major (<c>[channel][sample]</c>, Channels × Size values) and clears <see cref="WindowReady"/>.</summary>
    /// <exception cref="InvalidOperationException">No window is ready.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CopyWindowTo(Span<double> channelMajor)
    {
        if (!WindowReady)
        {
            throw new InvalidOperationException("No window is ready: call CopyWindowTo only after an Append that set WindowReady.");
        }

        if (channelMajor.Length < ring.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The destination holds {channelMajor.Length} values but a window has {ring.Length} ({Channels} channels × {Size} samples)."),
                nameof(channelMajor));
        }

        // The window is the whole ring, oldest row first at slot (start % Size).
        var oldest = (int)(WindowStartIndex % Size);
        var channels = Channels;
        if (channels == 1)
        {
            ring.AsSpan(oldest).CopyTo(channelMajor);
            ring.AsSpan(0, oldest).CopyTo(channelMajor[(Size - oldest)..]);
            WindowReady = false;
            return;
        }

        for (var channel = 0; channel < channels; channel++)
        {
            var destination = channelMajor.Slice(channel * Size, Size);
            var index = 0;
            for (var slot = oldest; slot < Size; slot++)
            {
                destination[index++] = ring[(slot * channels) + channel];
            }

            for (var slot = 0; slot < oldest; slot++)
            {
                destination[index++] = ring[(slot * channels) + channel];
            }
        }

        WindowReady = false;
    }

    /// <summary>Forgets every row (as after a gap in the signal); the next window starts at the next row, counted from 0.</summary>
    public void Reset()
    {
        Array.Clear(ring);
        RowsSeen = 0;
        WindowReady = false;
        WindowStartIndex = 0;
    }

    /// <summary>
    /// Copies the buffered rows for a checkpoint: the last Size rows in time order, row-major
    /// (rows before the first are zero). Save <see cref="RowsSeen"/> with it.
    /// </summary>
    public void CopyStateTo(Span<double> destination)
    {
        if (destination.Length < ring.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The destination holds {destination.Length} values but the window state has {ring.Length} (size × channels); pass a span of at least StateLength."),
                nameof(destination));
        }

        var oldest = (int)(RowsSeen % Size) * Channels;
        ring.AsSpan(oldest).CopyTo(destination);
        ring.AsSpan(0, oldest).CopyTo(destination[(ring.Length - oldest)..]);
    }

    /// <summary>Restores rows written by <see cref="CopyStateTo"/> together with the row count saved with them.</summary>
    public void RestoreState(ReadOnlySpan<double> source, long rowsSeen)
    {
        if (source.Length != ring.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The checkpoint holds {source.Length} window values but this window needs {ring.Length} ({Size} samples × {Channels} channels); it was taken with a different window size or channel count."),
                nameof(source));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(rowsSeen);
        var oldest = (int)(rowsSeen % Size) * Channels;
        source[..(ring.Length - oldest)].CopyTo(ring.AsSpan(oldest));
        source[(ring.Length - oldest)..].CopyTo(ring);
        RowsSeen = rowsSeen;
        WindowReady = false;
        WindowStartIndex = Math.Max(0, rowsSeen - Size);
    }

    private void ThrowNotWholeRows(int length) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"The span holds {length} values, which is not a whole number of rows of {Channels} channels."),
            "interleavedRows");
}
