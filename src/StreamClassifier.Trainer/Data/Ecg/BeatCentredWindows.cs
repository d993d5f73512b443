using StreamClassifier.Core.Ecg;
using StreamClassifier.Dsp.Preprocessing;

namespace StreamClassifier.Trainer.Data.Ecg;

/// <summary>
/// Training windows that ask the question the beat mapping asks (<see cref="BeatMapping"/>): "is the beat
/// nearest the window's centre ventricular?". Every reference beat gives a window centred on it with a
/// jitter of up to ± half the hop (the farthest a deciding window's centre can be from its beat), V beats
/// several times with fresh jitter; random background windows anywhere in the record add the in-between
/// positions the stream also scores. The label is 1 when the beat nearest the window's centre is V (and, with <see cref="BeatSampling.LabelRadius"/>, lies within that radius of it).
/// </summary>
internal static class BeatCentredWindows
{
    /// <summary>Cuts the windows of one preprocessed record.</summary>
    /// <param name="recording">The record (its beats give positions and labels).</param>
    /// <param name="filtered">Its filtered signal (<see cref="RecordingPreprocessor.Filter"/>).</param>
    /// <param name="noisyFiltered">The filtered signal of a noisy copy, or null; a window comes from it with probability <see cref="BeatSampling.NoiseFraction"/>.</param>
    /// <param name="preprocessor">Window size, hop and normalisation.</param>
    /// <param name="sampling">How many windows of which kind.</param>
    /// <param name="random">The draw (seeded by the caller).</param>
    /// <param name="values">Receives the normalised windows.</param>
    /// <param name="labels">Receives the labels.</param>
    public static void Cut(EcgRecording recording, double[] filtered, double[]? noisyFiltered, RecordingPreprocessor preprocessor, BeatSampling sampling, Random random, List<float> values, List<int> labels)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(filtered);
        ArgumentNullException.ThrowIfNull(preprocessor);
        ArgumentNullException.ThrowIfNull(sampling);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(labels);
        var size = preprocessor.Window.Size;
        var half = preprocessor.Window.Hop / 2;
        var rows = filtered.Length / preprocessor.Channels;
        var lastStart = rows - size;
        var beats = recording.Beats;
        var beatSamples = beats.Select(beat => beat.SampleIndex).ToArray();
        var scratch = new double[preprocessor.WindowValues];
        var window = new float[preprocessor.WindowValues];

        void Add(long start)
        {
            var source = noisyFiltered is not null && random.NextDouble() < sampling.NoiseFraction ? noisyFiltered : filtered;
            preprocessor.CutWindow(source, start, scratch, window);
            values.AddRange(window);
            labels.Add(BeatMapping.NearestBeatIsVentricular(beats, beatSamples, start, size, sampling.LabelRadius) ? 1 : 0);
        }

        var chosen = sampling.MaxBeatsPerRecord is { } cap && cap < beats.Count
            ? [.. Enumerable.Range(0, beats.Count).OrderBy(_ => random.Next()).Take(cap).Order()]
            : Enumerable.Range(0, beats.Count).ToArray();
        foreach (var index in chosen)
        {
            var ventricular = beats[index].Class == AamiClass.V;
            if (!ventricular && random.NextDouble() >= sampling.OtherBeatFraction)
            {
                continue;
            }

            var copies = ventricular ? sampling.VentricularCopies : 1;
            for (var copy = 0; copy < copies; copy++)
            {
                var start = beats[index].SampleIndex + random.Next(-half, half + 1) - ((size - 1) / 2);
                if (start >= 0 && start <= lastStart)
                {
                    Add(start);
                }
            }
        }

        var background = (int)Math.Round(chosen.Length * sampling.BackgroundPerBeat);
        for (var i = 0; i < background && lastStart >= 0; i++)
        {
            Add(random.NextInt64(0, lastStart + 1));
        }
    }
}
