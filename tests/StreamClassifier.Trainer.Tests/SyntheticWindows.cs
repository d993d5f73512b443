using StreamClassifier.Trainer.Data;

namespace StreamClassifier.Trainer.Tests;

/// <summary>Small labelled problems built in the test: class 1 carries a Gaussian bump, class 0 does not.</summary>
internal static class SyntheticWindows
{
    public static LabelledWindows Bumps(int count, int channels, int length, int seed, double positiveShare = 0.5)
    {
        var random = new Random(seed);
        var values = new float[count * channels * length];
        var labels = new int[count];
        for (var window = 0; window < count; window++)
        {
            labels[window] = random.NextDouble() < positiveShare ? 1 : 0;
            var centre = random.Next(length / 4, (3 * length) / 4);
            for (var channel = 0; channel < channels; channel++)
            {
                var phase = random.NextDouble() * Math.PI * 2;
                for (var sample = 0; sample < length; sample++)
                {
                    var background = 0.5 * Math.Sin((2 * Math.PI * sample / 16.0) + phase);
                    var noise = 0.3 * ((random.NextDouble() * 2) - 1);
                    var bump = labels[window] == 1 ? 2.0 * Math.Exp(-Math.Pow((sample - centre) / 3.0, 2)) : 0;
                    values[(((window * channels) + channel) * length) + sample] = (float)(background + noise + bump);
                }
            }
        }

        return new LabelledWindows(values, labels, channels, length);
    }

    public static float[] Noise(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
    }
}
