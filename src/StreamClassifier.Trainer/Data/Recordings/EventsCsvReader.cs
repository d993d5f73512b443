using System.Globalization;

namespace StreamClassifier.Trainer.Data.Recordings;

/// <summary>Reads an events file: header <c>sensor,start_ms,end_ms,label</c>, one labelled span per row.</summary>
internal static class EventsCsvReader
{
    private static readonly string[] Header = ["sensor", "start_ms", "end_ms", "label"];

    /// <summary>The events by sensor, each list sorted by start.</summary>
    /// <exception cref="DatasetFormatException">The file is missing or a row is malformed; the message names the file and line.</exception>
    public static IReadOnlyDictionary<string, IReadOnlyList<LabelledEvent>> Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new DatasetFormatException($"{path}: the events file does not exist. Write one with header sensor,start_ms,end_ms,label (docs/own-data.md).");
        }

        var events = new List<LabelledEvent>();
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',').Select(column => column.Trim()).ToArray();
        if (header is null || !header.SequenceEqual(Header, StringComparer.Ordinal))
        {
            throw new DatasetFormatException($"{path}:1: the header must be sensor,start_ms,end_ms,label.");
        }

        var lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            events.Add(ParseRow(path, lineNumber, line));
        }

        return events
            .GroupBy(labelled => labelled.Sensor, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => (IReadOnlyList<LabelledEvent>)[.. group.OrderBy(labelled => labelled.StartMs)], StringComparer.Ordinal);
    }

    private static LabelledEvent ParseRow(string path, int lineNumber, string line)
    {
        var fields = line.Split(',');
        if (fields.Length != 4)
        {
            throw new DatasetFormatException($"{path}:{lineNumber}: expected 4 fields (sensor,start_ms,end_ms,label), found {fields.Length}.");
        }

        var sensor = fields[0].Trim();
        var label = fields[3].Trim();
        if (sensor.Length == 0 || label.Length == 0)
        {
            throw new DatasetFormatException($"{path}:{lineNumber}: sensor and label must not be empty.");
        }

        if (!double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var start) || !double.IsFinite(start)
            || !double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var end) || !double.IsFinite(end))
        {
            throw new DatasetFormatException($"{path}:{lineNumber}: start_ms and end_ms must be numbers (milliseconds on the recordings' clock), found '{fields[1].Trim()}' and '{fields[2].Trim()}'.");
        }

        if (end <= start)
        {
            throw new DatasetFormatException($"{path}:{lineNumber}: end_ms {fields[2].Trim()} is not after start_ms {fields[1].Trim()}.");
        }

        return new LabelledEvent(sensor, start, end, label);
    }
}
