using System.Globalization;

using StreamClassifier.Core.Records;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Preprocessing;
using StreamClassifier.Pipeline.Alerts;
using StreamClassifier.Pipeline.Batching;

namespace StreamClassifier.Pipeline.Sensors;

/// <summary>
/// What every sensor of one stream rule shares: the designed preprocessing (filters → window →
/// normaliser), the scorer and its batcher, the resolved alert policy, and scratch space (processing is serialised,
/// so one scratch per stream is enough).
/// </summary>
internal sealed class StreamRuntime
{
    private readonly int[] channelIndexes;
    private readonly bool takesLeadingChannels;

    public StreamRuntime(StreamSpec spec, IWindowScorer? scorer, MicroBatcher? batcher, bool resetOnGap)
    {
        Spec = spec;
        Scorer = scorer;
        Batcher = batcher;
        channelIndexes = [.. spec.Channels];
        Channels = channelIndexes.Length;
        takesLeadingChannels = channelIndexes.Select((index, position) => index == position).All(same => same);
        if (Channels == 0)
        {
            throw new ArgumentException($"Stream '{spec.Name}': channels is empty; list at least one channel index (e.g. [0]) or give a count.");
        }

        if (!(spec.SampleRateHz > 0) || !double.IsFinite(spec.SampleRateHz))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Stream '{spec.Name}': sample_rate_hz is {spec.SampleRateHz}; it must be a positive number."));
        }

        if (spec.Window.Size < 1 || spec.Window.Hop < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Stream '{spec.Name}': window size {spec.Window.Size} and hop {spec.Window.Hop} must both be at least 1 sample."));
        }

        PeriodMs = 1000.0 / spec.SampleRateHz;
        try
        {
            Preprocessing = new PreprocessingChain(spec.Filters, spec.SampleRateHz, spec.Window, spec.Normalize, Channels);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Stream '{spec.Name}': {ex.Message}", ex);
        }

        ChannelMajorScratch = new double[Channels * spec.Window.Size];
        if (scorer is not null)
        {
            if (Misfit(scorer, "its scorer") is { } misfit)
            {
                throw new ArgumentException(misfit + " Make the topology match the model (channels, window.size).");
            }

            AlertSettings = AlertPolicySettings.Resolve(spec.Alert, scorer.Card, spec.Name);
        }

        GapToleranceMs = resetOnGap && spec.State.GapToleranceSamples is { } samples ? samples * PeriodMs : null;
        if (!(spec.State.IdleEvictionS > 0) || !double.IsFinite(spec.State.IdleEvictionS))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Stream '{spec.Name}': state.idle_eviction_s is {spec.State.IdleEvictionS}; it must be a positive number of seconds."));
        }

        IdleEviction = TimeSpan.FromSeconds(spec.State.IdleEvictionS);
    }

    public StreamSpec Spec { get; }

    public string Name => Spec.Name;

    /// <summary>
    /// Why <paramref name="scorer"/> cannot score this stream's windows (channels × window size), or null
    /// when it fits: the one check for the scorer at start and for a replacement model.
    /// </summary>
    /// <param name="scorer">The scorer.</param>
    /// <param name="role">How the message names it ("its scorer", "the replacement model").</param>
    public string? Misfit(IWindowScorer scorer, string role) =>
        scorer.Channels == Channels && scorer.WindowLength == Spec.Window.Size
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"Stream '{Name}' makes windows of {Channels} channel(s) × {Spec.Window.Size} samples but {role} '{scorer.ModelName}' v{scorer.ModelVersion} takes {scorer.Channels} × {scorer.WindowLength}.");

    /// <summary>Channels taken from each record (after selection).</summary>
    public int Channels { get; }

    public int WindowSize => Spec.Window.Size;

    public int Hop => Spec.Window.Hop;

    public double PeriodMs { get; }

    /// <summary>The stages every sensor of this stream runs its rows through.</summary>
    public PreprocessingChain Preprocessing { get; }

    public IWindowScorer? Scorer { get; set; }

    public MicroBatcher? Batcher { get; }

    public AlertPolicySettings? AlertSettings { get; set; }

    /// <summary>Longest tolerated step between consecutive samples, ms; null never resets.</summary>
    public double? GapToleranceMs { get; }

    public TimeSpan IdleEviction { get; }

    public int FilterStateLength => Preprocessing.FilterStateLength;

    public int WindowStateLength => Preprocessing.WindowStateLength;

    public double[] ChannelMajorScratch { get; }

    /// <summary>Why <paramref name="chunk"/> cannot feed this stream, or null when it can.</summary>
    public string? DescribeMismatch(SampleChunk chunk)
    {
        if (chunk.Channels < 1 || chunk.Samples.Length % chunk.Channels != 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the chunk has {chunk.Samples.Length} values for {chunk.Channels} channel(s), not whole rows");
        }

        foreach (var index in channelIndexes)
        {
            if (index < 0 || index >= chunk.Channels)
            {
                return string.Create(CultureInfo.InvariantCulture, $"stream '{Name}' takes channel {index} but the chunk has {chunk.Channels} channel(s)");
            }
        }

        if (!double.IsFinite(chunk.T0Ms) || !(chunk.SampleRateHz > 0) || !Spec.AcceptsRate(chunk.SampleRateHz))
        {
            return string.Create(CultureInfo.InvariantCulture, $"the chunk has t0 {chunk.T0Ms} ms at {chunk.SampleRateHz} Hz but stream '{Name}' expects {Spec.SampleRateHz} Hz");
        }

        if (FiniteCheck.IndexOfNonFinite(chunk.Samples.Span) is var bad and >= 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"sample {bad / chunk.Channels} channel {bad % chunk.Channels} is {chunk.Samples.Span[bad]}; a non-finite value would poison the sensor's filters, so the whole record is refused");
        }

        return null;
    }

    /// <summary>Copies rows <paramref name="firstRow"/>.. of the chunk, selected channels only, interleaved into <paramref name="destination"/>.</summary>
    public void SelectChannels(SampleChunk chunk, int firstRow, int rowCount, Span<double> destination)
    {
        var source = chunk.Samples.Span;
        var stride = chunk.Channels;
        if (Channels == stride && takesLeadingChannels)
        {
            source.Slice(firstRow * stride, rowCount * stride).CopyTo(destination);
            return;
        }

        var output = 0;
        for (var row = firstRow; row < firstRow + rowCount; row++)
        {
            var rowStart = row * stride;
            foreach (var index in channelIndexes)
            {
                destination[output++] = source[rowStart + index];
            }
        }
    }
}
