using StreamClassifier.Core.Records;

namespace StreamClassifier.Pipeline.Tests.Support;

public static class Signals
{
    /// <summary>Cuts a row-major signal into chunks of <paramref name="chunkSize"/> rows with consecutive times and source offsets.</summary>
    public static IEnumerable<SampleChunk> Chunked(string sensor, double[] rows, int channels, double rateHz, int chunkSize, double t0Ms = 0, int firstSampleIndex = 0, string topic = "sensors")
    {
        var count = rows.Length / channels;
        var offset = 0L;
        for (var start = 0; start < count; start += chunkSize)
        {
            var n = Math.Min(chunkSize, count - start);
            yield return new SampleChunk(
                sensor,
                t0Ms + ((firstSampleIndex + start) * 1000.0 / rateHz),
                rateHz,
                channels,
                rows.AsMemory(start * channels, n * channels),
                new SourcePosition(topic, 0, offset++));
        }
    }

    /// <summary>A deterministic noisy multi-tone signal.</summary>
    public static double[] Noisy(int samples, int channels, int seed)
    {
        var random = new Random(seed);
        var rows = new double[samples * channels];
        for (var i = 0; i < samples; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                rows[(i * channels) + c] = Math.Sin((i * 0.05 * (c + 1)) + seed) + (0.3 * Math.Sin(i * 0.9)) + (0.2 * (random.NextDouble() - 0.5));
            }
        }

        return rows;
    }

    /// <summary>One channel where every window of <paramref name="size"/> samples holds the given score as all its values.</summary>
    public static double[] WindowsWithScores(int size, params double[] scores) =>
        scores.SelectMany(score => Enumerable.Repeat(score, size)).ToArray();

    public static SampleChunk Chunk(string sensor, double t0Ms, double rateHz, params double[] samples) =>
        new(sensor, t0Ms, rateHz, 1, samples, null);
}
