using StreamClassifier.Core.Records;
using StreamClassifier.Pipeline.Events;

namespace StreamClassifier.Pipeline.Counters;

/// <summary>
/// Running totals of a pipeline, safe to read from any thread. They reconcile exactly:
/// <c>SamplesIn + SamplesRestored = SamplesWindowed + SamplesBuffered + SamplesPreprocessed + SamplesDropped</c>
/// (see <see cref="PipelineCountersSnapshot.Reconciles"/>). Take <see cref="Snapshot"/> for a
/// consistent cut across all of them.
/// </summary>
public sealed class PipelineCounters
{
    private static readonly int DropReasonCount = Enum.GetValues<DropReason>().Max(reason => (int)reason) + 1;

    private readonly object gate;
    private readonly long[] droppedSamplesByReason = new long[DropReasonCount];
    private readonly long[] dropEventsByReason = new long[DropReasonCount];
    private readonly long[] alertsByState = new long[2];
    private long records;
    private long samplesIn;
    private long samplesRestored;
    private long samplesWindowed;
    private long samplesBuffered;
    private long samplesPreprocessed;
    private long windows;
    private long windowsScored;
    private long batches;
    private long gapResets;
    private long evictions;
    private long activeSensors;

    internal PipelineCounters(object gate) => this.gate = gate;

    /// <summary>Chunks (records) received.</summary>
    public long Records => Interlocked.Read(ref records);

    /// <summary>Samples (rows) received.</summary>
    public long SamplesIn => Interlocked.Read(ref samplesIn);

    /// <summary>Buffered samples brought back by <see cref="ClassificationPipeline.Restore"/>.</summary>
    public long SamplesRestored => Interlocked.Read(ref samplesRestored);

    /// <summary>Samples the windowing stage is done with (in an emitted window, or skipped by a hop longer than the window).</summary>
    public long SamplesWindowed => Interlocked.Read(ref samplesWindowed);

    /// <summary>Samples accepted and waiting in sensors' windows for a window to complete (a gauge).</summary>
    public long SamplesBuffered => Interlocked.Read(ref samplesBuffered);

    /// <summary>Samples emitted filtered by <see cref="ClassificationPipeline.Preprocess(IObservable{SampleChunk})"/>.</summary>
    public long SamplesPreprocessed => Interlocked.Read(ref samplesPreprocessed);

    /// <summary>Samples dropped, all reasons.</summary>
    public long SamplesDropped
    {
        get
        {
            long total = 0;
            for (var i = 0; i < droppedSamplesByReason.Length; i++)
            {
                total += Interlocked.Read(ref droppedSamplesByReason[i]);
            }

            return total;
        }
    }

    /// <summary>Windows completed by the windowing stage.</summary>
    public long Windows => Interlocked.Read(ref windows);

    /// <summary>Windows scored.</summary>
    public long WindowsScored => Interlocked.Read(ref windowsScored);

    /// <summary>Scoring batches run.</summary>
    public long Batches => Interlocked.Read(ref batches);

    /// <summary>Sensor resets caused by gaps longer than the tolerance.</summary>
    public long GapResets => Interlocked.Read(ref gapResets);

    /// <summary>Sensors evicted after being idle.</summary>
    public long Evictions => Interlocked.Read(ref evictions);

    /// <summary>Sensors with state held now (a gauge).</summary>
    public long ActiveSensors => Interlocked.Read(ref activeSensors);

    /// <summary>Samples dropped for <paramref name="reason"/>.</summary>
    public long SamplesDroppedFor(DropReason reason) => Interlocked.Read(ref droppedSamplesByReason[(int)reason]);

    /// <summary>Drop events (one per chunk and reason) for <paramref name="reason"/>.</summary>
    public long DropEventsFor(DropReason reason) => Interlocked.Read(ref dropEventsByReason[(int)reason]);

    /// <summary>Alerts emitted in <paramref name="state"/>.</summary>
    public long Alerts(AlertState state) => Interlocked.Read(ref alertsByState[(int)state]);

    /// <summary>A consistent copy of every counter (taken under the pipeline's gate).</summary>
    public PipelineCountersSnapshot Snapshot()
    {
        lock (gate)
        {
            var drops = new Dictionary<DropReason, long>();
            foreach (var reason in Enum.GetValues<DropReason>())
            {
                drops[reason] = SamplesDroppedFor(reason);
            }

            return new PipelineCountersSnapshot(
                Records,
                SamplesIn,
                SamplesRestored,
                SamplesWindowed,
                SamplesBuffered,
                SamplesPreprocessed,
                drops,
                Windows,
                WindowsScored,
                Batches,
                Alerts(AlertState.Raised),
                Alerts(AlertState.Cleared),
                GapResets,
                Evictions,
                ActiveSensors);
        }
    }

    internal void AddRecord(int samples)
    {
        Interlocked.Increment(ref records);
        Interlocked.Add(ref samplesIn, samples);
    }

    internal void AddDrop(DropReason reason, long samples)
    {
        Interlocked.Add(ref droppedSamplesByReason[(int)reason], samples);
        Interlocked.Increment(ref dropEventsByReason[(int)reason]);
    }

    internal void AddRestored(long bufferedSamples)
    {
        Interlocked.Add(ref samplesRestored, bufferedSamples);
        Interlocked.Add(ref samplesBuffered, bufferedSamples);
    }

    /// <summary>Moves samples between the accepted buckets: <paramref name="windowed"/> settled, <paramref name="buffered"/> change of the gauge.</summary>
    internal void AddAccepted(long windowed, long buffered)
    {
        Interlocked.Add(ref samplesWindowed, windowed);
        Interlocked.Add(ref samplesBuffered, buffered);
    }

    internal void AddPreprocessed(long samples) => Interlocked.Add(ref samplesPreprocessed, samples);

    internal void AddWindow() => Interlocked.Increment(ref windows);

    internal void AddBatch(int windowsInBatch)
    {
        Interlocked.Increment(ref batches);
        Interlocked.Add(ref windowsScored, windowsInBatch);
    }

    internal void AddAlert(AlertState state) => Interlocked.Increment(ref alertsByState[(int)state]);

    internal void AddGapReset() => Interlocked.Increment(ref gapResets);

    internal void AddEviction() => Interlocked.Increment(ref evictions);

    internal void SensorAdded() => Interlocked.Increment(ref activeSensors);

    internal void SensorRemoved() => Interlocked.Decrement(ref activeSensors);
}
