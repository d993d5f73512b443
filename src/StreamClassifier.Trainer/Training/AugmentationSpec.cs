using System.Globalization;
using StreamClassifier.Trainer.Data;

namespace StreamClassifier.Trainer.Training;

/// <summary>
/// Offline augmentation of the training windows: <see cref="Copies"/> extra copies of every training window, each
/// scaled by a random factor in 1 ± <see cref="Amplitude"/>, shifted in time by up to ±<see cref="Shift"/> samples (the
/// edge sample repeated into the gap), plus Gaussian noise of <see cref="Noise"/> × the window's own standard deviation.
/// Validation and TEST windows are never augmented.
/// </summary>
internal sealed record AugmentationSpec
{
    /// <summary>Augmented copies per training window (0 = no augmentation).</summary>
    public int Copies { get; init; }

    /// <summary>Largest relative amplitude change, 0 ≤ a &lt; 1.</summary>
    public double Amplitude { get; init; }

    /// <summary>Noise standard deviation relative to each window channel's own, ≥ 0.</summary>
    public double Noise { get; init; }

    /// <summary>Largest time shift in samples, ≥ 0.</summary>
    public int Shift { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the key and the fix when a value is impossible.</summary>
    public void Validate(string source)
    {
        void Require(bool ok, string key, string fix)
        {
            if (!ok)
            {
                throw new ArgumentException($"{source}: augmentation.{key}: {fix}");
            }
        }

        Require(Copies >= 0, "copies", "use 0 (no augmentation) or more copies per training window.");
        Require(Amplitude >= 0 && Amplitude < 1, "amplitude", "use a relative change from 0 up to, not including, 1 (e.g. 0.1 for ±10%).");
        Require(Noise >= 0 && !double.IsInfinity(Noise), "noise", "use a non-negative noise level relative to the window's standard deviation (e.g. 0.05).");
        Require(Shift >= 0, "shift", "use a non-negative number of samples.");
    }

    /// <summary>A short description for tables and the model card.</summary>
    public string Describe() => Copies == 0
        ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"x{Copies} amp ±{Amplitude:0.##} noise {Noise:0.###} shift ±{Shift}");

    /// <summary>The dataset with its training windows augmented (validation and TEST untouched) and the card's data description saying so.</summary>
    public PreparedDataset ApplyTo(PreparedDataset data, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Copies == 0 ? data : data with { Train = Apply(data.Train, seed), DataDescription = $"{data.DataDescription}; training windows augmented ({Describe()}, seed {seed})" };
    }

    /// <summary>The training windows followed by <see cref="Copies"/> augmented copies of each, drawn from <paramref name="seed"/>.</summary>
    public LabelledWindows Apply(LabelledWindows train, int seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (Copies == 0 || train.Count == 0)
        {
            return train;
        }

        var random = new SeededRandom(seed);
        var parts = new List<LabelledWindows> { train };
        for (var copy = 0; copy < Copies; copy++)
        {
            var values = new float[train.Values.Length];
            for (var window = 0; window < train.Count; window++)
            {
                var scale = 1 + (Amplitude * ((2 * random.NextDouble()) - 1));
                var shift = Shift == 0 ? 0 : random.NextInt((2 * Shift) + 1) - Shift;
                for (var channel = 0; channel < train.Channels; channel++)
                {
                    var offset = ((window * train.Channels) + channel) * train.Length;
                    AugmentChannel(train.Values.AsSpan(offset, train.Length), values.AsSpan(offset, train.Length), scale, shift, random);
                }
            }

            parts.Add(new LabelledWindows(values, train.Labels, train.Channels, train.Length));
        }

        return LabelledWindows.Concat(parts);
    }

    private void AugmentChannel(ReadOnlySpan<float> source, Span<float> target, double scale, int shift, SeededRandom random)
    {
        double sum = 0;
        double squares = 0;
        foreach (var value in source)
        {
            sum += value;
            squares += value * (double)value;
        }

        var mean = sum / source.Length;
        var deviation = Math.Sqrt(Math.Max(0, (squares / source.Length) - (mean * mean)));
        for (var sample = 0; sample < source.Length; sample++)
        {
            var from = Math.Clamp(sample - shift, 0, source.Length - 1);
            var noise = Noise == 0 ? 0 : Noise * deviation * Gaussian(random);
            target[sample] = (float)((source[from] * scale) + noise);
        }
    }

    // Box–Muller on two uniforms; 1 − u keeps the logarithm's argument in (0, 1].
    private static double Gaussian(SeededRandom random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
