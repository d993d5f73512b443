using System.Globalization;
using System.Text;

namespace StreamClassifier.Core.Recordings;

/// <summary>
/// Cuts a time range out of a WFDB record into a new, self-contained record of the same name: the
/// signal file's frames copied byte for byte (format 16, or 212 on whole byte triples), a header with
/// the new length, first values and checksums, and the annotations in range re-encoded with times
/// counted from the excerpt's first sample. The demo's held-out data (samples/mitbih-heldout) is made
/// this way, so readers check the excerpt exactly as they check a PhysioNet record.
/// </summary>
public static class WfdbExcerpt
{
    /// <summary>Writes samples [<paramref name="startSample"/>, <paramref name="endSample"/>) of a record into <paramref name="destinationFolder"/>.</summary>
    /// <param name="recordPath">The source record (<c>.hea</c> path or record path without extension).</param>
    /// <param name="startSample">First sample (frame) to keep.</param>
    /// <param name="endSample">One past the last sample to keep.</param>
    /// <param name="destinationFolder">Folder for <c>&lt;name&gt;.hea</c>, <c>.dat</c> and (when the source has one) <c>.atr</c>; created if missing.</param>
    /// <param name="note">A comment line added to the header (where the excerpt comes from).</param>
    /// <returns>The files written.</returns>
    /// <exception cref="WfdbFormatException">The source is unreadable, or its layout cannot be cut byte-exactly; the message says why.</exception>
    public static IReadOnlyList<string> Write(string recordPath, int startSample, int endSample, string destinationFolder, string? note = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recordPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationFolder);
        var headerPath = recordPath.EndsWith(".hea", StringComparison.OrdinalIgnoreCase) ? recordPath : recordPath + ".hea";
        var header = WfdbHeader.Read(headerPath);
        var (dataFile, format) = CheckCuttable(header, startSample, endSample);
        var signals = header.SignalCount;
        var count = endSample - startSample;
        long BytesBefore(long frames) => format == 212 ? frames * signals * 3 / 2 : frames * signals * 2;
        var data = new byte[BytesBefore(count)];
        using (var stream = File.OpenRead(Path.Combine(Path.GetDirectoryName(header.Path) ?? ".", dataFile)))
        {
            stream.Position = BytesBefore(startSample);
            stream.ReadExactly(data);
        }

        Directory.CreateDirectory(destinationFolder);
        var name = header.RecordName;
        var written = new List<string>();
        var dataPath = Path.Combine(destinationFolder, name + ".dat");
        File.WriteAllBytes(dataPath, data);
        written.Add(dataPath);

        var newHeaderPath = Path.Combine(destinationFolder, name + ".hea");
        var (adc, _) = SignalFileDecoder.Decode(data, dataPath, format, signals, count, newHeaderPath);
        File.WriteAllText(newHeaderPath, HeaderText(header, format, adc, count, note), Encoding.ASCII);
        written.Add(newHeaderPath);

        var sourceAnnotations = Path.ChangeExtension(header.Path, ".atr");
        if (File.Exists(sourceAnnotations))
        {
            var shifted = WfdbAnnotations.Read(sourceAnnotations)
                .Where(annotation => annotation.SampleIndex >= startSample && annotation.SampleIndex < endSample)
                .Select(annotation => annotation with { SampleIndex = annotation.SampleIndex - startSample })
                .ToList();
            var annotationPath = Path.Combine(destinationFolder, name + ".atr");
            WfdbAnnotationWriter.Write(shifted, annotationPath);
            written.Add(annotationPath);
        }

        return written;
    }

    /// <summary>The record's one signal file and format, when the range can be cut from it byte for byte; throws otherwise.</summary>
    private static (string DataFile, int Format) CheckCuttable(WfdbHeader header, int startSample, int endSample)
    {
        var files = header.Signals.Select(signal => signal.FileName).Distinct(StringComparer.Ordinal).ToList();
        if (files.Count != 1)
        {
            throw new WfdbFormatException($"{header.Path}: the signals are stored in {files.Count} files; an excerpt needs them in one file (as in MIT-BIH).");
        }

        var format = header.Signals[0].Format;
        if (header.Signals.Any(signal => signal.Format != format))
        {
            throw new WfdbFormatException($"{header.Path}: the signals use different formats; an excerpt needs one.");
        }

        var signals = header.SignalCount;
        var total = header.SampleCount ?? throw new WfdbFormatException($"{header.Path}: the record line has no sample count; an excerpt needs it.");
        if (startSample < 0 || endSample > total || endSample <= startSample)
        {
            throw new WfdbFormatException($"{header.Path}: the range {startSample}..{endSample} is not inside the record's {total} samples.");
        }

        var count = endSample - startSample;
        if (format == 212 && (((long)startSample * signals) % 2 != 0 || ((long)count * signals) % 2 != 0))
        {
            throw new WfdbFormatException($"{header.Path}: format 212 packs two values in three bytes; with {signals} signal(s) the range {startSample}..{endSample} does not start and end on whole triples. Use an even start and length.");
        }

        return (files[0], format);
    }

    /// <summary>The excerpt's header: the source's signal lines with the new length, first values and checksums, its comments and the note.</summary>
    private static string HeaderText(WfdbHeader header, int format, int[] adc, int count, string? note)
    {
        var signals = header.SignalCount;
        var dataName = header.RecordName + ".dat";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{header.RecordName} {signals} {header.SampleRateHz.ToString("R", CultureInfo.InvariantCulture)} {count}\n");
        for (var slot = 0; slot < signals; slot++)
        {
            var signal = header.Signals[slot];
            var sum = 0;
            for (var row = 0; row < count; row++)
            {
                sum += adc[(row * signals) + slot];
            }

            var gain = signal.Gain.ToString("R", CultureInfo.InvariantCulture)
                + (signal.Baseline != signal.AdcZero ? string.Create(CultureInfo.InvariantCulture, $"({signal.Baseline})") : string.Empty)
                + (signal.Units != "mV" ? "/" + signal.Units : string.Empty);
            text.Append(CultureInfo.InvariantCulture, $"{dataName} {format} {gain} {signal.AdcResolution} {signal.AdcZero} {adc[slot]} {unchecked((short)sum)} 0 {signal.Description}\n");
        }

        foreach (var comment in header.Comments)
        {
            text.Append("# ").Append(comment).Append('\n');
        }

        if (!string.IsNullOrWhiteSpace(note))
        {
            text.Append("# ").Append(note).Append('\n');
        }

        return text.ToString();
    }
}
