using StreamClassifier.Core.Ecg;
using StreamClassifier.Dsp.Preprocessing;

namespace StreamClassifier.Trainer.Data.Ecg;

/// <summary>Beat-centred training or validation windows of several records (<see cref="BeatCentredWindows"/>), reproducible from a seed.</summary>
internal static class EcgTrainingSet
{
    /// <summary>Reads, preprocesses and cuts every record of <paramref name="records"/>.</summary>
    /// <param name="folder">MIT-BIH folder.</param>
    /// <param name="records">Record names.</param>
    /// <param name="preprocessor">The stream's preprocessing.</param>
    /// <param name="sampling">Windows per beat.</param>
    /// <param name="seed">Seed of the jitter and background draws (each record draws from its own generator).</param>
    /// <param name="noises">Noise signals for the noisy copies (<see cref="BeatSampling.NoiseFraction"/>), or empty.</param>
    public static LabelledWindows Build(string folder, IReadOnlyList<string> records, RecordingPreprocessor preprocessor, BeatSampling sampling, int seed, IReadOnlyList<double[]> noises)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        ArgumentNullException.ThrowIfNull(noises);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(preprocessor);
        var values = new List<float>();
        var labels = new List<int>();
        for (var index = 0; index < records.Count; index++)
        {
            var recording = EcgRecording.Read(folder, records[index]);
            var filtered = preprocessor.Filter(recording.Signal);
            var random = new Random(unchecked(seed + (index * 104729)));
            double[]? noisy = null;
            if (sampling.NoiseFraction > 0 && noises.Count > 0)
            {
                // Each record gets one noise type, a random starting point in it and a random SNR.
                var noise = noises[random.Next(noises.Count)];
                var offset = random.Next(noise.Length);
                var rotated = noise[offset..].Concat(noise[..offset]).ToArray();
                var snr = sampling.NoiseMinSnrDb + (random.NextDouble() * (sampling.NoiseMaxSnrDb - sampling.NoiseMinSnrDb));
                noisy = preprocessor.Filter(NoiseStress.AddNoise(recording.Signal, recording.Beats, rotated, recording.SampleRateHz, snr));
            }

            BeatCentredWindows.Cut(recording, filtered, noisy, preprocessor, sampling, random, values, labels);
        }

        return new LabelledWindows([.. values], [.. labels], preprocessor.Channels, preprocessor.Window.Size);
    }
}
