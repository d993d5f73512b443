using System.Globalization;

namespace StreamClassifier.Trainer.Data;

/// <summary>One series per line: a label field, then the values, all separated by one delimiter.</summary>
internal static class SeriesTextReader
{
    /// <summary>Reads every non-blank line; with <paramref name="allowHeader"/> a first line whose value fields are not all numbers is skipped as a header.</summary>
    public static (List<string> Labels, float[] Values, int Length) Read(string path, char delimiter, bool allowHeader)
    {
        if (!File.Exists(path))
        {
            throw new DatasetFormatException($"{path}: the file does not exist.");
        }

        var labels = new List<string>();
        var values = new List<float>();
        var length = -1;
        var lineNumber = 0;
        var delimiterName = delimiter == '\t' ? "TAB" : $"'{delimiter}'";
        foreach (var rawLine in File.ReadLines(path))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(delimiter);
            if (fields.Length < 2)
            {
                throw new DatasetFormatException($"{path}:{lineNumber}: expected a label and at least one value separated by {delimiterName}, found '{Shorten(line)}'.");
            }

            if (allowHeader && labels.Count == 0 && length < 0 && !AllNumbers(fields.AsSpan(1)))
            {
                length = 0; // header seen; the length is set by the first data row
                continue;
            }

            var seriesLength = fields.Length - 1;
            if (length <= 0)
            {
                length = seriesLength;
            }
            else if (seriesLength != length)
            {
                throw new DatasetFormatException($"{path}:{lineNumber}: this series has {seriesLength} values but the ones before it have {length}. Every row must have the same length.");
            }

            labels.Add(LabelOf(fields, path, lineNumber));
            AppendValues(values, fields, path, lineNumber);
        }

        if (labels.Count == 0)
        {
            throw new DatasetFormatException($"{path}: the file holds no data rows.");
        }

        return (labels, [.. values], length);
    }

    private static string LabelOf(string[] fields, string path, int lineNumber)
    {
        var label = fields[0].Trim();
        return label.Length > 0 ? label : throw new DatasetFormatException($"{path}:{lineNumber}: the label (column 0) is empty.");
    }

    /// <summary>Appends the line's value fields (columns 1 on), each a finite number.</summary>
    private static void AppendValues(List<float> values, string[] fields, string path, int lineNumber)
    {
        for (var column = 1; column < fields.Length; column++)
        {
            if (!double.TryParse(fields[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                throw new DatasetFormatException($"{path}:{lineNumber}: column {column} holds '{Shorten(fields[column])}', which is not a finite number. Fill or interpolate missing values before training.");
            }

            values.Add((float)value);
        }
    }

    private static bool AllNumbers(ReadOnlySpan<string> fields)
    {
        foreach (var field in fields)
        {
            if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return false;
            }
        }

        return true;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
