using System.Globalization;

using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Filters;
using StreamClassifier.Dsp.Normalization;
using StreamClassifier.Dsp.Windowing;

namespace StreamClassifier.Dsp.Preprocessing;

/// <summary>
/// The one definition of how a stream's rows become model input: filter chain → sliding window →
/// normaliser. The worker keeps one <see cref="PreprocessingState"/> per sensor and the trainer cuts
/// its windows through <see cref="RecordingPreprocessor"/>; both are built on this type, so training
/// and serving apply the same stages in the same order. Immutable and shareable across threads.
/// </summary>
public sealed class PreprocessingChain
{
    private readonly FilterChain? filters;
    private readonly IWindowNormalizer normalizer;

    /// <summary>Designs the stages for <paramref name="channels"/>-channel rows at <paramref name="sampleRateHz"/>.</summary>
    /// <exception cref="ArgumentException">A filter or the normalisation cannot be built for this stream.</exception>
    public PreprocessingChain(IReadOnlyList<FilterSpec> filters, double sampleRateHz, WindowSpec window, NormalizationSpec normalize, int channels)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(normalize);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        this.filters = filters.Count == 0 ? null : FilterChain.Create(filters, sampleRateHz);
        normalizer = WindowNormalizer.Create(normalize, channels);
        Window = window;
        Channels = channels;
        FilterStateLength = this.filters?.CreateState(channels).StateLength ?? 0;
        WindowStateLength = new SlidingWindow(window, channels).StateLength;
    }

    /// <summary>Window size and hop.</summary>
    public WindowSpec Window { get; }

    /// <summary>Channels per row.</summary>
    public int Channels { get; }

    /// <summary>Values per window (channels × size).</summary>
    public int WindowValues => Channels * Window.Size;

    /// <summary>Values in a checkpoint of the filter stage.</summary>
    public int FilterStateLength { get; }

    /// <summary>Values in a checkpoint of the window stage.</summary>
    public int WindowStateLength { get; }

    /// <summary>A fresh per-stream state: filters at rest, no rows windowed.</summary>
    public PreprocessingState CreateState() => new(this, filters?.CreateState(Channels), new SlidingWindow(Window, Channels));

    /// <summary>The last stage: normalises one channel-major window into <paramref name="destination"/>.</summary>
    public void Normalize(ReadOnlySpan<double> channelMajor, Span<float> destination)
    {
        if (channelMajor.Length < WindowValues || destination.Length < WindowValues)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A window has {WindowValues} values ({Channels} channels × {Window.Size} samples); the spans hold {channelMajor.Length} and {destination.Length}."));
        }

        normalizer.Normalize(channelMajor[..WindowValues], Channels, Window.Size, destination);
    }
}
