using System.Globalization;
using StreamClassifier.Core.Records;

namespace StreamClassifier.Core.Recordings;

/// <summary>
/// Reads a recording in the sensor CSV format: header <c>sensor,t_ms,ch0[,ch1,...]</c>, one row per
/// sample, sensors possibly interleaved, <c>t_ms</c> in milliseconds (may be fractional).
/// Consecutive rows of one sensor whose timestamps follow its sample rate are grouped into one
/// <see cref="SampleChunk"/>, so the input order of rows is preserved exactly.
/// </summary>
public sealed class SensorCsvReader
{
    // A row continues the current chunk when its timestamp is within this fraction of a sample
    // period of where the chunk's rate puts it: CSV writers round timestamps.
    private const double TimestampTolerance = 0.25;

    private readonly string path;
    private readonly Func<string, double?> sampleRateOf;
    private readonly int maxRowsPerChunk;

    /// <summary>Creates a reader.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="sampleRateOf">Sample rate of a sensor, or null when no stream takes it (an error naming the line).</param>
    /// <param name="maxRowsPerChunk">Largest chunk to emit.</param>
    public SensorCsvReader(string path, Func<string, double?> sampleRateOf, int maxRowsPerChunk = 4096)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(sampleRateOf);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRowsPerChunk, 1);
        this.path = path;
        this.sampleRateOf = sampleRateOf;
        this.maxRowsPerChunk = maxRowsPerChunk;
    }

    /// <summary>Channels per row, known after the header has been read by <see cref="ReadChunks"/>; 0 before.</summary>
    public int Channels { get; private set; }

    /// <summary>Channel column names from the header.</summary>
    public IReadOnlyList<string> ChannelNames { get; private set; } = [];

    /// <summary>Rows read so far.</summary>
    public long RowsRead { get; private set; }

    /// <summary>Reads the file lazily as chunks. Throws <see cref="SensorCsvException"/> naming the file and line on bad input.</summary>
    public IEnumerable<SampleChunk> ReadChunks()
    {
        if (!File.Exists(path))
        {
            throw new SensorCsvException($"{path}: file not found. Pass an existing CSV with header sensor,t_ms,ch0[,ch1,...].");
        }

        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        ParseHeader(header);

        var builder = new ChunkBuilder(path, Channels, maxRowsPerChunk);
        var row = new double[Channels];
        long lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0 || (line.Length == 1 && line[0] == '\r'))
            {
                continue;
            }

            var (sensor, timeMs) = ParseRow(line, lineNumber, row);
            RowsRead++;
            if (!builder.CanAppend(sensor, timeMs))
            {
                if (builder.Count > 0)
                {
                    yield return builder.Build();
                }

                var rate = sampleRateOf(sensor)
                    ?? throw new SensorCsvException($"{path}:{lineNumber}: sensor '{sensor}' matches no stream of the topology. Add a stream whose 'sensors' glob matches it, or remove its rows.");
                builder.Start(sensor, timeMs, rate, lineNumber);
            }

            builder.Append(row);
        }

        if (builder.Count > 0)
        {
            yield return builder.Build();
        }
    }

    private void ParseHeader(string? header)
    {
        if (header is null)
        {
            throw new SensorCsvException($"{path}:1: the file is empty. Expected a header sensor,t_ms,ch0[,ch1,...] and one row per sample.");
        }

        var columns = header.TrimEnd('\r').Split(',');
        if (columns.Length < 3 || columns[0].Trim() != "sensor" || columns[1].Trim() != "t_ms")
        {
            throw new SensorCsvException($"{path}:1: the header is '{header}'. Expected sensor,t_ms,ch0[,ch1,...] (at least one channel column).");
        }

        Channels = columns.Length - 2;
        ChannelNames = columns.Skip(2).Select(name => name.Trim()).ToArray();
    }

    private (string Sensor, double TimeMs) ParseRow(string line, long lineNumber, double[] row)
    {
        var rest = line.AsSpan().TrimEnd('\r');
        var sensor = NextField(ref rest);
        if (sensor.IsEmpty)
        {
            throw new SensorCsvException($"{path}:{lineNumber}: the sensor column is empty. Every row needs a sensor id.");
        }

        var timeMs = ParseNumber(NextField(ref rest), lineNumber, "t_ms");
        for (var channel = 0; channel < Channels; channel++)
        {
            if (rest.IsEmpty)
            {
                throw new SensorCsvException($"{path}:{lineNumber}: {channel + 2} columns, expected {Channels + 2} (sensor,t_ms and {Channels} channel(s)).");
            }

            row[channel] = ParseNumber(NextField(ref rest), lineNumber, ChannelNames[channel]);
        }

        if (!rest.IsEmpty)
        {
            throw new SensorCsvException($"{path}:{lineNumber}: more than {Channels + 2} columns. Every row needs exactly sensor,t_ms and {Channels} channel value(s), as in the header.");
        }

        return (sensor.Trim().ToString(), timeMs);
    }

    private double ParseNumber(ReadOnlySpan<char> field, long lineNumber, string column)
    {
        if (!double.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new SensorCsvException($"{path}:{lineNumber}: column {column} is '{field.ToString()}', not a number. Use a decimal number with '.' as the separator.");
        }

        if (!double.IsFinite(value))
        {
            throw new SensorCsvException($"{path}:{lineNumber}: column {column} is '{field.ToString()}', not a finite number. Remove or interpolate NaN/Inf values.");
        }

        return value;
    }

    // Comma-separated fields with no quoting: sensor ids must not contain commas.
    private static ReadOnlySpan<char> NextField(ref ReadOnlySpan<char> rest)
    {
        var comma = rest.IndexOf(',');
        ReadOnlySpan<char> field;
        if (comma < 0)
        {
            field = rest;
            rest = [];
        }
        else
        {
            field = rest[..comma];
            rest = rest[(comma + 1)..];
            if (rest.IsEmpty)
            {
                // A trailing comma means one more (empty) field.
                rest = " ";
            }
        }

        return field;
    }

    private sealed class ChunkBuilder(string path, int channels, int maxRows)
    {
        private readonly List<double> values = new(channels * 256);
        private string sensor = string.Empty;
        private double t0Ms;
        private double rateHz;
        private long firstLine;

        public int Count { get; private set; }

        public bool CanAppend(string rowSensor, double timeMs)
        {
            if (Count == 0 || Count >= maxRows || !string.Equals(rowSensor, sensor, StringComparison.Ordinal))
            {
                return false;
            }

            var periodMs = 1000.0 / rateHz;
            var expectedMs = t0Ms + (Count * periodMs);
            return Math.Abs(timeMs - expectedMs) <= TimestampTolerance * periodMs;
        }

        public void Start(string rowSensor, double timeMs, double rate, long line)
        {
            sensor = rowSensor;
            t0Ms = timeMs;
            rateHz = rate;
            firstLine = line;
            Count = 0;
            values.Clear();
        }

        public void Append(double[] row)
        {
            values.AddRange(row);
            Count++;
        }

        public SampleChunk Build()
        {
            var chunk = new SampleChunk(sensor, t0Ms, rateHz, channels, values.ToArray(), new SourcePosition(path, 0, firstLine));
            Count = 0;
            values.Clear();
            return chunk;
        }
    }
}
