using StreamClassifier.Dsp.Filters;
using StreamClassifier.Dsp.Windowing;

namespace StreamClassifier.Dsp.Preprocessing;

/// <summary>
/// One stream's position in its <see cref="PreprocessingChain"/>: the filter delays and the rows the
/// window holds. Rows go through <see cref="Filter"/>, then <see cref="Append"/>; each time
/// <see cref="WindowReady"/> turns true, <see cref="TakeWindow"/> hands out the normalised window.
/// Nothing is allocated per sample. Not thread-safe: one caller per stream, in order.
/// </summary>
public sealed class PreprocessingState
{
    private readonly PreprocessingChain chain;
    private readonly FilterChainState? filter;
    private readonly SlidingWindow window;

    internal PreprocessingState(PreprocessingChain chain, FilterChainState? filter, SlidingWindow window)
    {
        this.chain = chain;
        this.filter = filter;
        this.window = window;
    }

    /// <summary>Rows appended since the last reset.</summary>
    public long RowsSeen => window.RowsSeen;

    /// <summary>Whether a complete window waits for <see cref="TakeWindow"/>.</summary>
    public bool WindowReady => window.WindowReady;

    /// <summary>First row (since reset) of the ready window.</summary>
    public long WindowStartIndex => window.WindowStartIndex;

    /// <summary>First stage: filters interleaved rows in place, continuing from the previous rows.</summary>
    public void Filter(Span<double> interleavedRows) => filter?.Process(interleavedRows);

    /// <summary>Second stage: feeds filtered rows to the window until it completes one; returns the rows consumed.</summary>
    public int Append(ReadOnlySpan<double> filteredRows) => window.Append(filteredRows);

    /// <summary>Third stage: copies the ready window channel-major into <paramref name="scratch"/> and normalises it into <paramref name="destination"/>.</summary>
    public void TakeWindow(Span<double> scratch, Span<float> destination)
    {
        window.CopyWindowTo(scratch);
        chain.Normalize(scratch, destination);
    }

    /// <summary>Rests the filters and empties the window (as after a gap in the signal).</summary>
    public void Reset()
    {
        filter?.Reset();
        window.Reset();
    }

    /// <summary>Copies both stages' state for a checkpoint (spans of <see cref="PreprocessingChain.FilterStateLength"/> and <see cref="PreprocessingChain.WindowStateLength"/> values).</summary>
    public void CopyStateTo(Span<double> filterState, Span<double> windowState)
    {
        filter?.CopyStateTo(filterState);
        window.CopyStateTo(windowState);
    }

    /// <summary>Restores a checkpoint written by <see cref="CopyStateTo"/> with the window's row count saved with it.</summary>
    public void RestoreState(ReadOnlySpan<double> filterState, ReadOnlySpan<double> windowState, long rowsSeen)
    {
        filter?.RestoreState(filterState);
        window.RestoreState(windowState, rowsSeen);
    }
}
