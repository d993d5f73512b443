using System.Globalization;
using System.Text;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Events;

namespace StreamClassifier.Worker.Offline;

/// <summary>Writes filtered samples in the sensor CSV format (<c>sensor,t_ms,ch...</c>), one row per sample.</summary>
internal sealed class FilteredCsvWriter : IDisposable
{
    private readonly StreamWriter writer;
    private readonly int channels;

    /// <summary>Writes the header to <paramref name="output"/>.</summary>
    public FilteredCsvWriter(Stream output, IReadOnlyList<string> channelNames)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(channelNames);
        writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        channels = channelNames.Count;
        writer.WriteLine("sensor,t_ms," + string.Join(',', channelNames));
    }

    /// <summary>Rows written.</summary>
    public long Rows { get; private set; }

    /// <summary>Writes every sample of <paramref name="chunk"/>.</summary>
    public void Write(FilteredChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunk.Channels != channels)
        {
            throw new InvalidOperationException($"Sensor '{chunk.SensorId}' (stream '{chunk.StreamName}') has {chunk.Channels} filtered channel(s) but the output has {channels} columns.");
        }

        var samples = chunk.Samples.Span;
        for (var row = 0; row < chunk.SampleCount; row++)
        {
            writer.Write(chunk.SensorId);
            writer.Write(',');
            writer.Write(chunk.TimeOf(row).ToString("R", CultureInfo.InvariantCulture));
            for (var channel = 0; channel < channels; channel++)
            {
                writer.Write(',');
                writer.Write(samples[(row * channels) + channel].ToString("R", CultureInfo.InvariantCulture));
            }

            writer.WriteLine();
            Rows++;
        }
    }

    /// <inheritdoc />
    public void Dispose() => writer.Dispose();
}
