using System.Globalization;

namespace StreamClassifier.Core.Recordings;

/// <summary>
/// A parsed WFDB text header (<c>.hea</c>): the record line, one line per signal, and the comments.
/// Comment lines (starting with <c>#</c>) and blank lines are skipped wherever they appear, as WFDB allows.
/// </summary>
public sealed class WfdbHeader
{
    private WfdbHeader(string path, string recordName, int signalCount, double sampleRateHz, int? sampleCount, IReadOnlyList<WfdbSignal> signals, IReadOnlyList<string> comments)
    {
        Path = path;
        RecordName = recordName;
        SignalCount = signalCount;
        SampleRateHz = sampleRateHz;
        SampleCount = sampleCount;
        Signals = signals;
        Comments = comments;
    }

    /// <summary>Full path of the header file.</summary>
    public string Path { get; }

    /// <summary>Record name from the record line.</summary>
    public string RecordName { get; }

    /// <summary>Number of signals.</summary>
    public int SignalCount { get; }

    /// <summary>Samples per second per signal (WFDB's default 250 when the header omits it).</summary>
    public double SampleRateHz { get; }

    /// <summary>Samples per signal, when the header states it.</summary>
    public int? SampleCount { get; }

    /// <summary>The signal lines, in order.</summary>
    public IReadOnlyList<WfdbSignal> Signals { get; }

    /// <summary>Comment lines without the leading <c>#</c> (for MIT-BIH: age, sex, medications, rhythm notes).</summary>
    public IReadOnlyList<string> Comments { get; }

    /// <summary>Reads and parses a header file.</summary>
    /// <exception cref="WfdbFormatException">The file is missing or a line is malformed; the message names the file and line.</exception>
    public static WfdbHeader Read(string headerPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(headerPath);
        var fullPath = System.IO.Path.GetFullPath(headerPath);
        if (!File.Exists(fullPath))
        {
            throw new WfdbFormatException($"{fullPath}: the WFDB header file does not exist. Pass the path of a .hea file (or the record path without extension).");
        }

        return Parse(File.ReadAllLines(fullPath), fullPath);
    }

    /// <summary>Parses header text; <paramref name="path"/> names the source in errors and locates the signal files.</summary>
    /// <exception cref="WfdbFormatException">A line is malformed.</exception>
    public static WfdbHeader Parse(IReadOnlyList<string> lines, string path)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(path);
        var comments = new List<string>();
        var signals = new List<WfdbSignal>();
        string? recordName = null;
        var signalCount = 0;
        var sampleRateHz = 250.0;
        int? sampleCount = null;

        for (var lineIndex = 0; lineIndex < lines.Count; lineIndex++)
        {
            var line = lines[lineIndex].Trim();
            var lineNumber = lineIndex + 1;
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '#')
            {
                comments.Add(line[1..].Trim());
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (recordName is null)
            {
                (recordName, signalCount, sampleRateHz, sampleCount) = ParseRecordLine(fields, path, lineNumber);
                continue;
            }

            if (signals.Count == signalCount)
            {
                throw new WfdbFormatException($"{path}:{lineNumber}: the record line declares {signalCount} signal(s) but there is another non-comment line '{line}'. Remove it or fix the signal count.");
            }

            signals.Add(ParseSignalLine(fields, path, lineNumber));
        }

        if (recordName is null)
        {
            throw new WfdbFormatException($"{path}: the header has no record line (expected 'name nsig fs nsamp' before the signal lines).");
        }

        if (signals.Count != signalCount)
        {
            throw new WfdbFormatException($"{path}: the record line declares {signalCount} signal(s) but the header has {signals.Count} signal line(s).");
        }

        return new WfdbHeader(path, recordName, signalCount, sampleRateHz, sampleCount, signals, comments);
    }

    private static (string Name, int SignalCount, double SampleRateHz, int? SampleCount) ParseRecordLine(string[] fields, string path, int lineNumber)
    {
        var where = $"{path}:{lineNumber}";
        if (fields.Length < 2)
        {
            throw new WfdbFormatException($"{where}: the record line must have at least a name and a signal count ('name nsig fs nsamp'), found '{string.Join(' ', fields)}'.");
        }

        var name = fields[0];
        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw new WfdbFormatException($"{where}: '{name}' is a multi-segment record, which is not supported. Convert it to a single-segment record.");
        }

        if (!int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var signalCount) || signalCount < 1)
        {
            throw new WfdbFormatException($"{where}: the signal count '{fields[1]}' is not a positive integer.");
        }

        var sampleRateHz = 250.0;
        if (fields.Length > 2)
        {
            // fs may carry a counter frequency and base counter: "360/360(0)"; only the sampling frequency matters here.
            var rateText = LeadingNumber(fields[2]);
            if (!double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out sampleRateHz) || !(sampleRateHz > 0))
            {
                throw new WfdbFormatException($"{where}: the sampling frequency '{fields[2]}' is not a positive number.");
            }
        }

        int? sampleCount = null;
        if (fields.Length > 3)
        {
            if (!int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count < 0)
            {
                throw new WfdbFormatException($"{where}: the sample count '{fields[3]}' is not a non-negative integer.");
            }

            sampleCount = count;
        }

        return (name, signalCount, sampleRateHz, sampleCount);
    }

    private static WfdbSignal ParseSignalLine(string[] fields, string path, int lineNumber)
    {
        var where = $"{path}:{lineNumber}";
        if (fields.Length < 2)
        {
            throw new WfdbFormatException($"{where}: a signal line needs at least a file name and a format ('file fmt gain adcres adczero initval checksum blocksize description').");
        }

        var fileName = fields[0];
        var format = ParseFormat(fields[1], where);

        var gain = 200.0;
        int? baseline = null;
        var units = "mV";
        if (fields.Length > 2)
        {
            (gain, baseline, units) = ParseGain(fields[2], where);
        }

        var adcResolution = fields.Length > 3 ? ParseInt(fields[3], "ADC resolution", where) : 12;
        var adcZero = fields.Length > 4 ? ParseInt(fields[4], "ADC zero", where) : 0;
        int? initialValue = fields.Length > 5 ? ParseInt(fields[5], "initial value", where) : null;
        int? checksum = fields.Length > 6 ? ParseInt(fields[6], "checksum", where) : null;
        if (fields.Length > 7)
        {
            var blockSize = ParseInt(fields[7], "block size", where);
            if (blockSize != 0)
            {
                throw new WfdbFormatException($"{where}: block size {blockSize} is not supported (only 0, an ordinary file).");
            }
        }

        var description = fields.Length > 8 ? string.Join(' ', fields[8..]) : string.Empty;
        return new WfdbSignal(fileName, format, gain, baseline ?? adcZero, units, adcResolution, adcZero, initialValue, checksum, description);
    }

    private static int ParseFormat(string field, string where)
    {
        // "212", optionally "212xN" (samples per frame), ":skew" or "+offset"; only plain formats are supported.
        if (field.IndexOfAny(['x', ':', '+']) >= 0)
        {
            throw new WfdbFormatException($"{where}: the format '{field}' uses multiple samples per frame, skew or a byte offset, which are not supported. Convert the record to plain format 212 or 16.");
        }

        if (!int.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out var format))
        {
            throw new WfdbFormatException($"{where}: the format '{field}' is not a number.");
        }

        if (format is not (212 or 16))
        {
            throw new WfdbFormatException($"{where}: signal format {format} is not supported (supported: 212, 16).");
        }

        return format;
    }

    private static (double Gain, int? Baseline, string Units) ParseGain(string field, string where)
    {
        // "gain[(baseline)][/units]", e.g. "200", "200(1024)/mV".
        var units = "mV";
        var slash = field.IndexOf('/', StringComparison.Ordinal);
        var gainPart = field;
        if (slash >= 0)
        {
            units = field[(slash + 1)..];
            gainPart = field[..slash];
        }

        int? baseline = null;
        var open = gainPart.IndexOf('(', StringComparison.Ordinal);
        if (open >= 0)
        {
            var close = gainPart.IndexOf(')', open);
            if (close < 0 || !int.TryParse(gainPart[(open + 1)..close], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsedBaseline))
            {
                throw new WfdbFormatException($"{where}: the gain field '{field}' has a malformed baseline (expected 'gain(baseline)/units').");
            }

            baseline = parsedBaseline;
            gainPart = gainPart[..open];
        }

        if (!double.TryParse(gainPart, NumberStyles.Float, CultureInfo.InvariantCulture, out var gain) || gain < 0)
        {
            throw new WfdbFormatException($"{where}: the gain '{field}' is not a non-negative number.");
        }

        // WFDB: a gain of 0 means "uncalibrated", read with the default 200 ADC units per physical unit.
        return (gain == 0 ? 200.0 : gain, baseline, units);
    }

    private static int ParseInt(string field, string what, string where) =>
        int.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new WfdbFormatException($"{where}: the {what} '{field}' is not an integer.");

    private static string LeadingNumber(string field)
    {
        var end = field.IndexOfAny(['/', '(']);
        return end < 0 ? field : field[..end];
    }
}
