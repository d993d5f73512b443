using System.Globalization;

using StreamClassifier.Core.Records;
using StreamClassifier.Dsp.Preprocessing;
using StreamClassifier.Pipeline.Alerts;
using StreamClassifier.Pipeline.Checkpoints;
using StreamClassifier.Pipeline.Counters;
using StreamClassifier.Pipeline.Events;

namespace StreamClassifier.Pipeline.Sensors;

/// <summary>
/// One sensor's stage: order and gap check → channel selection → the stream's
/// <see cref="PreprocessingChain"/> (filters → window → normaliser, state per sensor) → <see cref="SensorWindow"/>. Also holds the sensor's alert
/// policy. Not thread-safe: the pipeline calls it under its gate. Nothing is allocated per sample;
/// per window, only the window's value array and the <see cref="SensorWindow"/>.
/// </summary>
internal sealed class SensorState
{
    private readonly PipelineCounters counters;
    private readonly PreprocessingState preprocessing;

    // Times of the rows that start a window (rows k × hop since reset), indexed by k mod length: a
    // window takes the exact time of its first sample, even after tolerated jitter or small gaps.
    // Only ceil(size / hop) starts are ever outstanding, so the ring is tiny and filled once per window.
    private readonly double[] startTimes;
    private long indexBase;
    private long windowsEmitted;

    public SensorState(string sensorId, StreamRuntime stream, PipelineCounters counters)
    {
        SensorId = sensorId;
        Stream = stream;
        this.counters = counters;
        preprocessing = stream.Preprocessing.CreateState();
        startTimes = new double[(stream.WindowSize / stream.Hop) + 2];
        Alert = stream.AlertSettings is null ? null : new AlertPolicy(stream.AlertSettings);
    }

    public string SensorId { get; }

    public StreamRuntime Stream { get; }

    public AlertPolicy? Alert { get; }

    /// <summary>Time of the last accepted sample, ms; NaN before the first.</summary>
    public double LastTimestampMs { get; private set; } = double.NaN;

    /// <summary>Samples accepted so far (the index the next accepted sample gets).</summary>
    public long NextSampleIndex { get; private set; }

    /// <summary>The record of the last chunk applied to this sensor.</summary>
    public SourcePosition? LastSource { get; private set; }

    /// <summary>Scheduler time of the last chunk (drives idle eviction).</summary>
    public DateTimeOffset LastActivity { get; set; }

    /// <summary>The pending idle-eviction timer.</summary>
    public IDisposable? EvictionTimer { get; set; }

    /// <summary>Windows of this sensor waiting in a batch.</summary>
    public int PendingWindows { get; set; }

    /// <summary>Accepted samples no window is done with yet (they would be lost on reset or eviction).</summary>
    public long BufferedSamples => preprocessing.RowsSeen - SettledRows();

    /// <summary>
    /// Reads one chunk. Samples not after the last accepted one are dropped (late/duplicate), a gap
    /// longer than the stream's tolerance resets filters and window first, and the rest is filtered
    /// and either windowed or (when <paramref name="windowing"/> is false) handed out filtered.
    /// </summary>
    public void Accept(SampleChunk chunk, bool windowing, RowScratch scratch, ISensorSink sink)
    {
        var rows = chunk.SampleCount;
        LastSource = chunk.Source ?? LastSource;
        var firstNew = DropStale(chunk, rows, sink);
        if (firstNew == rows)
        {
            return;
        }

        var firstTime = chunk.TimeOf(firstNew);
        if (!double.IsNaN(LastTimestampMs) && Stream.GapToleranceMs is { } tolerance && firstTime - LastTimestampMs > tolerance)
        {
            ResetForGap(chunk, firstTime, sink);
        }

        var kept = rows - firstNew;
        var channels = Stream.Channels;
        var startIndex = NextSampleIndex;
        LastTimestampMs = chunk.TimeOf(rows - 1);
        NextSampleIndex += kept;
        if (!windowing)
        {
            var filtered = new double[kept * channels];
            Stream.SelectChannels(chunk, firstNew, kept, filtered);
            preprocessing.Filter(filtered);
            counters.AddPreprocessed(kept);
            sink.Filtered(new FilteredChunk(SensorId, Stream.Name, startIndex, firstTime, chunk.SampleRateHz, channels, filtered, chunk.Source));
            return;
        }

        var selected = scratch.Take(kept * channels);
        Stream.SelectChannels(chunk, firstNew, kept, selected);
        preprocessing.Filter(selected);
        AppendToWindow(chunk, firstNew, selected, sink);
    }

    /// <summary>Drops the partial window (counted, reason PartialWindow) and resets filters and window.</summary>
    public SampleDrop? DiscardPartialWindow(string why, SourcePosition? source)
    {
        var buffered = BufferedSamples;
        SampleDrop? drop = null;
        if (buffered > 0)
        {
            counters.AddAccepted(0, -buffered);
            counters.AddDrop(DropReason.PartialWindow, buffered);
            drop = new SampleDrop(SensorId, DropReason.PartialWindow, checked((int)buffered), why, source);
        }

        preprocessing.Reset();
        indexBase = NextSampleIndex;
        windowsEmitted = 0;
        return drop;
    }

    /// <summary>Captures everything needed to continue exactly where this sensor is.</summary>
    public SensorStateSnapshot Capture(IReadOnlyList<SensorWindow> pendingWindows)
    {
        var filterState = new double[Stream.FilterStateLength];
        var windowState = new double[Stream.WindowStateLength];
        preprocessing.CopyStateTo(filterState, windowState);
        return new SensorStateSnapshot
        {
            SensorId = SensorId,
            StreamName = Stream.Name,
            LastTimestampMs = double.IsNaN(LastTimestampMs) ? null : LastTimestampMs,
            NextSampleIndex = NextSampleIndex,
            WindowIndexBase = indexBase,
            WindowsEmitted = windowsEmitted,
            FilterState = filterState,
            WindowState = windowState,
            WindowRowsSeen = preprocessing.RowsSeen,
            WindowStartTimes = (double[])startTimes.Clone(),
            Alert = Alert?.Capture(),
            PendingWindows = pendingWindows,
            LastSource = LastSource,
        };
    }

    /// <summary>Loads a checkpoint taken by <see cref="Capture"/> with the same stream rule.</summary>
    public void Load(SensorStateSnapshot snapshot)
    {
        if (snapshot.FilterState.Length != Stream.FilterStateLength || snapshot.WindowState.Length != Stream.WindowStateLength || snapshot.WindowStartTimes.Length != startTimes.Length)
        {
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture,
                $"The checkpoint of sensor '{snapshot.SensorId}' does not fit stream '{Stream.Name}': filter state {snapshot.FilterState.Length} vs {Stream.FilterStateLength} values, window state {snapshot.WindowState.Length} vs {Stream.WindowStateLength}, window start ring {snapshot.WindowStartTimes.Length} vs {startTimes.Length}. The topology changed since the checkpoint; drop the checkpoint to start this sensor afresh."),
                nameof(snapshot));
        }

        if (Alert is not null && snapshot.Alert is not null)
        {
            Alert.Restore(snapshot.Alert);
        }

        preprocessing.RestoreState(snapshot.FilterState, snapshot.WindowState, snapshot.WindowRowsSeen);
        snapshot.WindowStartTimes.CopyTo(startTimes, 0);
        LastTimestampMs = snapshot.LastTimestampMs ?? double.NaN;
        NextSampleIndex = snapshot.NextSampleIndex;
        indexBase = snapshot.WindowIndexBase;
        windowsEmitted = snapshot.WindowsEmitted;
        LastSource = snapshot.LastSource;
    }

    private int DropStale(SampleChunk chunk, int rows, ISensorSink sink)
    {
        if (double.IsNaN(LastTimestampMs) || rows == 0)
        {
            return 0;
        }

        // Times of overlapping records are computed from different t0s, so "equal" allows a rounding slack.
        var slack = chunk.SamplePeriodMs * 1e-3;
        int late = 0, duplicate = 0, row = 0;
        for (; row < rows; row++)
        {
            var time = chunk.TimeOf(row);
            if (time > LastTimestampMs + slack)
            {
                break;
            }

            if (time < LastTimestampMs - slack)
            {
                late++;
            }
            else
            {
                duplicate++;
            }
        }

        if (late > 0)
        {
            Drop(DropReason.Late, late, chunk, 0, sink);
        }

        if (duplicate > 0)
        {
            Drop(DropReason.Duplicate, duplicate, chunk, late, sink);
        }

        return row;
    }

    private void Drop(DropReason reason, int count, SampleChunk chunk, int firstRow, ISensorSink sink)
    {
        counters.AddDrop(reason, count);
        var detail = string.Create(
            CultureInfo.InvariantCulture,
            $"{count} sample(s) at {chunk.TimeOf(firstRow):0.###}..{chunk.TimeOf(firstRow + count - 1):0.###} ms are not after the sensor's last accepted sample at {LastTimestampMs:0.###} ms");
        sink.Dropped(new SampleDrop(SensorId, reason, count, detail, chunk.Source));
    }

    private void ResetForGap(SampleChunk chunk, double firstTime, ISensorSink sink)
    {
        counters.AddGapReset();
        var why = string.Create(
            CultureInfo.InvariantCulture,
            $"gap of {(firstTime - LastTimestampMs) / Stream.PeriodMs:0.##} sample periods ({LastTimestampMs:0.###} → {firstTime:0.###} ms) exceeds state.gap_tolerance_samples = {Stream.Spec.State.GapToleranceSamples}; filters and window reset");
        if (DiscardPartialWindow(why, chunk.Source) is { } drop)
        {
            sink.Dropped(drop);
        }
    }

    private void AppendToWindow(SampleChunk chunk, int firstRow, Span<double> selected, ISensorSink sink)
    {
        var channels = Stream.Channels;
        var hop = Stream.Hop;
        var settledBefore = SettledRows();
        var rowsBefore = preprocessing.RowsSeen;
        var offset = 0;
        var rows = selected.Length / channels;
        while (offset < rows)
        {
            var rowsSeen = preprocessing.RowsSeen;
            var consumed = preprocessing.Append(selected[(offset * channels)..]);
            for (var start = (rowsSeen + hop - 1) / hop * hop; start < rowsSeen + consumed; start += hop)
            {
                startTimes[(int)(start / hop % startTimes.Length)] = chunk.TimeOf(firstRow + offset + (int)(start - rowsSeen));
            }

            offset += consumed;
            if (preprocessing.WindowReady)
            {
                EmitWindow(chunk.Source, sink);
            }
            else if (consumed == 0)
            {
                throw new InvalidOperationException($"The sliding window of sensor '{SensorId}' consumed no rows and completed no window; the windowing stage is stuck.");
            }
        }

        var settledAfter = SettledRows();
        var settled = settledAfter - settledBefore;
        counters.AddAccepted(settled, preprocessing.RowsSeen - rowsBefore - settled);
    }

    private void EmitWindow(SourcePosition? completedBy, ISensorSink sink)
    {
        var channels = Stream.Channels;
        var length = Stream.WindowSize;
        var start = preprocessing.WindowStartIndex;
        var values = new float[channels * length];
        preprocessing.TakeWindow(Stream.ChannelMajorScratch, values);
        var startMs = startTimes[(int)(start / Stream.Hop % startTimes.Length)];
        windowsEmitted++;
        counters.AddWindow();
        var sensorWindow = new SensorWindow(SensorId, Stream.Name, indexBase + start, startMs, startMs + (length * Stream.PeriodMs), channels, length, values, completedBy);
        sink.WindowCompleted(this, sensorWindow);
    }

    // Rows (since reset) no future window can contain: the first windowsEmitted × hop rows.
    private long SettledRows() => windowsEmitted == 0 ? 0 : Math.Min(preprocessing.RowsSeen, windowsEmitted * Stream.Hop);
}
