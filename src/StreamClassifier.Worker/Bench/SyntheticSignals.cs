using StreamClassifier.Core.Records;

namespace StreamClassifier.Worker.Bench;

/// <summary>
/// Generated sensor chunks for throughput runs: per sensor a few sines plus seeded noise at the
/// stream's rate, cut into equal chunks with consecutive timestamps, interleaved round-robin across
/// sensors as a partitioned topic would deliver them. Built before timing starts.
/// </summary>
internal static class SyntheticSignals
{
    /// <summary>Generates <paramref name="sensors"/> sensors of <paramref name="samplesPerSensor"/> rows each.</summary>
    /// <param name="sensorPrefix">Sensor ids are the prefix and a 3-digit number.</param>
    /// <param name="sensors">Sensors.</param>
    /// <param name="samplesPerSensor">Rows per sensor.</param>
    /// <param name="channels">Channels per row.</param>
    /// <param name="sampleRateHz">Sample rate.</param>
    /// <param name="chunkSize">Rows per chunk.</param>
    /// <param name="seed">Noise seed.</param>
    /// <param name="decimals">Rounds every value to this many decimals, as a real sensor's resolution does (null: full double precision).</param>
    public static IReadOnlyList<SampleChunk> Generate(string sensorPrefix, int sensors, int samplesPerSensor, int channels, double sampleRateHz, int chunkSize, int seed, int? decimals = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sensors, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerSensor, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var random = new Random(seed);
        var startMs = 1_764_205_200_000.0;
        var perSensor = new List<SampleChunk>[sensors];
        for (var sensor = 0; sensor < sensors; sensor++)
        {
            var id = $"{sensorPrefix}{sensor:D3}";
            var phase = random.NextDouble() * Math.PI * 2;
            perSensor[sensor] = [];
            for (var first = 0; first < samplesPerSensor; first += chunkSize)
            {
                var rows = Math.Min(chunkSize, samplesPerSensor - first);
                var values = new double[rows * channels];
                for (var row = 0; row < rows; row++)
                {
                    var t = (first + row) / sampleRateHz;
                    for (var channel = 0; channel < channels; channel++)
                    {
                        values[(row * channels) + channel] =
                            Math.Sin((2 * Math.PI * 1.2 * t) + phase + channel)
                            + (0.3 * Math.Sin(2 * Math.PI * 17 * t))
                            + (0.2 * Math.Sin(2 * Math.PI * 50 * t))
                            + (0.1 * ((random.NextDouble() * 2) - 1));
                        if (decimals is int places)
                        {
                            values[(row * channels) + channel] = Math.Round(values[(row * channels) + channel], places);
                        }
                    }
                }

                perSensor[sensor].Add(new SampleChunk(id, startMs + (first * 1000.0 / sampleRateHz), sampleRateHz, channels, values));
            }
        }

        var interleaved = new List<SampleChunk>(perSensor.Sum(chunks => chunks.Count));
        for (var index = 0; interleaved.Count < interleaved.Capacity; index++)
        {
            foreach (var chunks in perSensor)
            {
                if (index < chunks.Count)
                {
                    interleaved.Add(chunks[index]);
                }
            }
        }

        return interleaved;
    }
}
