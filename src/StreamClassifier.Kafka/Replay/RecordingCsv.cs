using System.Globalization;
using StreamClassifier.Core.Records;

namespace StreamClassifier.Kafka.Replay;

/// <summary>
/// Reads the recording CSV (header <c>sensor,t_ms,ch0[,ch1...]</c>, one row per sample, sensors
/// interleaved) and cuts each sensor's rows into chunks. Unless given, a sensor's rate is inferred from
/// all its timestamps (<see cref="SampleRateInference"/>: exact despite rounded timestamps); a chunk
/// also ends where the time steps by more than 1.5 periods (a gap), so every chunk's samples really lie
/// at <c>t0 + i/rate</c>.
/// </summary>
public static class RecordingCsv
{
    /// <summary>Reads a recording CSV file.</summary>
    /// <param name="path">The CSV path.</param>
    /// <param name="samplesPerChunk">Samples per chunk (the last chunk of a run may be shorter).</param>
    /// <param name="rateHz">Sample rate of every sensor; null infers it per sensor from all its timestamps.</param>
    /// <exception cref="FormatException">The file is not a recording CSV; the message names the line.</exception>
    public static Recording Read(string path, int samplesPerChunk, double? rateHz = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var reader = new StreamReader(path);
        return Read(reader, path, samplesPerChunk, rateHz);
    }

    /// <summary>Reads a recording CSV from a reader (<paramref name="sourceName"/> is used in messages).</summary>
    public static Recording Read(TextReader reader, string sourceName, int samplesPerChunk, double? rateHz = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerChunk, 1);
        var header = reader.ReadLine() ?? throw new FormatException($"{sourceName}: the file is empty; expected the header sensor,t_ms,ch0[,ch1...].");
        var columns = header.Split(',');
        if (columns.Length < 3 || columns[0].Trim() != "sensor" || columns[1].Trim() != "t_ms")
        {
            throw new FormatException($"{sourceName}:1: the header is \"{header}\"; expected sensor,t_ms,ch0[,ch1...].");
        }

        var channels = columns.Length - 2;
        var bySensor = new Dictionary<string, SensorSeries>(StringComparer.Ordinal);
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != columns.Length)
            {
                throw new FormatException($"{sourceName}:{lineNumber}: {fields.Length} fields, but the header has {columns.Length} (sensor, t_ms and {channels} channel(s)).");
            }

            var sensor = fields[0].Trim();
            if (sensor.Length == 0)
            {
                throw new FormatException($"{sourceName}:{lineNumber}: the sensor id is empty.");
            }

            if (!bySensor.TryGetValue(sensor, out var series))
            {
                series = new SensorSeries();
                bySensor.Add(sensor, series);
            }

            var timeMs = ParseNumber(fields[1], sourceName, lineNumber, "t_ms");
            series.Times.Add(timeMs);
            series.TimeResolutionMs = Math.Max(series.TimeResolutionMs, SampleRateInference.ResolutionOf(fields[1], timeMs));
            for (var channel = 0; channel < channels; channel++)
            {
                series.Values.Add(ParseNumber(fields[channel + 2], sourceName, lineNumber, columns[channel + 2].Trim()));
            }
        }

        var chunks = new List<SampleChunk>();
        foreach (var (sensor, series) in bySensor)
        {
            var rate = rateHz ?? SampleRateInference.Infer(series.Times, series.TimeResolutionMs, sensor, sourceName);
            Cut(sensor, series.Times, series.Values, channels, rate, samplesPerChunk, chunks);
        }

        chunks.Sort(static (a, b) => a.T0Ms != b.T0Ms ? a.T0Ms.CompareTo(b.T0Ms) : string.CompareOrdinal(a.SensorId, b.SensorId));
        return new Recording(chunks);
    }

    /// <summary>Cuts one sensor's rows (row-major values) into chunks, splitting at gaps.</summary>
    internal static void Cut(string sensor, IReadOnlyList<double> times, IReadOnlyList<double> values, int channels, double rateHz, int samplesPerChunk, List<SampleChunk> chunks)
    {
        var periodMs = 1000.0 / rateHz;
        var start = 0;
        while (start < times.Count)
        {
            var end = start + 1;
            while (end < times.Count && end - start < samplesPerChunk && Math.Abs(times[end] - times[end - 1] - periodMs) <= 0.5 * periodMs)
            {
                end++;
            }

            var samples = new double[(end - start) * channels];
            for (var i = 0; i < samples.Length; i++)
            {
                samples[i] = values[(start * channels) + i];
            }

            chunks.Add(new SampleChunk(sensor, times[start], rateHz, channels, samples));
            start = end;
        }
    }

    private static double ParseNumber(string text, string sourceName, int lineNumber, string column)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw new FormatException($"{sourceName}:{lineNumber}: column {column} is \"{text}\", not a number.");
        }

        return number;
    }

    private sealed class SensorSeries
    {
        public List<double> Times { get; } = [];

        public List<double> Values { get; } = [];

        /// <summary>The coarsest rounding among the sensor's timestamps, ms.</summary>
        public double TimeResolutionMs { get; set; }
    }
}
