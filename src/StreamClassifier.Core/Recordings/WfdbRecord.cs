namespace StreamClassifier.Core.Recordings;

/// <summary>
/// A WFDB record read into memory in physical units: <c>(adc - baseline) / gain</c> per signal
/// (for MIT-BIH, millivolts). Reading checks every signal's 16-bit checksum and first sample
/// against the header, so a truncated or corrupted signal file fails loudly instead of training
/// or replaying on damaged data.
/// </summary>
public sealed class WfdbRecord
{
    private WfdbRecord(WfdbHeader header, int sampleCount, double[] physical)
    {
        Header = header;
        SampleCount = sampleCount;
        Physical = physical;
        SignalNames = [.. header.Signals.Select(signal => signal.Description)];
    }

    /// <summary>The parsed header.</summary>
    public WfdbHeader Header { get; }

    /// <summary>Record name, e.g. <c>106</c>.</summary>
    public string Name => Header.RecordName;

    /// <summary>Samples per second per channel.</summary>
    public double SampleRateHz => Header.SampleRateHz;

    /// <summary>Number of channels (signals).</summary>
    public int Channels => Header.SignalCount;

    /// <summary>Samples per channel.</summary>
    public int SampleCount { get; }

    /// <summary>Signal descriptions (lead names for MIT-BIH, e.g. <c>MLII</c>, <c>V1</c>).</summary>
    public string[] SignalNames { get; }

    /// <summary>Row-major physical values: sample 0 of every channel, then sample 1, ...; length <see cref="SampleCount"/> × <see cref="Channels"/>.</summary>
    public double[] Physical { get; }

    /// <summary>Duration in seconds.</summary>
    public double DurationSeconds => SampleCount / SampleRateHz;

    /// <summary>Row-major values of rows <paramref name="startRow"/> .. <paramref name="startRow"/>+<paramref name="rowCount"/>-1.</summary>
    public ReadOnlySpan<double> Rows(int startRow, int rowCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startRow);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startRow + rowCount, SampleCount);
        return Physical.AsSpan(startRow * Channels, rowCount * Channels);
    }

    /// <summary>
    /// Reads a record. <paramref name="headerPathOrRecordPath"/> is the <c>.hea</c> file or the record
    /// path without extension (e.g. <c>mitbih/106</c>); signal files are found beside the header.
    /// </summary>
    /// <exception cref="WfdbFormatException">A file is missing, malformed, truncated or fails its checksum; the message names the file.</exception>
    public static WfdbRecord Read(string headerPathOrRecordPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(headerPathOrRecordPath);
        var headerPath = headerPathOrRecordPath.EndsWith(".hea", StringComparison.OrdinalIgnoreCase)
            ? headerPathOrRecordPath
            : headerPathOrRecordPath + ".hea";
        var header = WfdbHeader.Read(headerPath);
        var folder = Path.GetDirectoryName(header.Path) ?? ".";
        var channels = header.SignalCount;

        // Signals that share a file are interleaved frame by frame in header order.
        var fileGroups = header.Signals
            .Select((signal, index) => (signal, index))
            .GroupBy(entry => entry.signal.FileName, StringComparer.Ordinal)
            .ToList();

        var decoded = new Dictionary<string, (int[] Adc, int SampleCount)>(StringComparer.Ordinal);
        foreach (var group in fileGroups)
        {
            decoded[group.Key] = DecodeSignalFile(header, folder, group.Key, [.. group.Select(entry => entry.signal)]);
        }

        var sampleCounts = decoded.Values.Select(file => file.SampleCount).Distinct().ToList();
        if (sampleCounts.Count != 1)
        {
            throw new WfdbFormatException($"{header.Path}: the signal files hold different numbers of samples ({string.Join(", ", sampleCounts)}); state nsamp in the record line.");
        }

        var sampleCount = sampleCounts[0];
        var physical = new double[checked(sampleCount * channels)];
        foreach (var group in fileGroups)
        {
            var (adc, _) = decoded[group.Key];
            var entries = group.ToList();
            for (var slot = 0; slot < entries.Count; slot++)
            {
                var (signal, channel) = entries[slot];
                Verify(signal, adc, slot, entries.Count, sampleCount, Path.Combine(folder, group.Key), header.Path, channel);
                var scale = 1.0 / signal.Gain;
                for (var row = 0; row < sampleCount; row++)
                {
                    var value = adc[(row * entries.Count) + slot];
                    physical[(row * channels) + channel] = value == SignalFileDecoder.InvalidSample
                        ? double.NaN
                        : (value - signal.Baseline) * scale;
                }
            }
        }

        return new WfdbRecord(header, sampleCount, physical);
    }

    /// <summary>The raw values of one signal file, interleaved frame by frame in header order.</summary>
    private static (int[] Adc, int SampleCount) DecodeSignalFile(WfdbHeader header, string folder, string fileName, List<WfdbSignal> signalsInFile)
    {
        var format = signalsInFile[0].Format;
        if (signalsInFile.Any(signal => signal.Format != format))
        {
            throw new WfdbFormatException($"{header.Path}: the signals stored in {fileName} use different formats; one file must use one format.");
        }

        var dataPath = Path.Combine(folder, fileName);
        if (!File.Exists(dataPath))
        {
            throw new WfdbFormatException($"{dataPath}: the signal file named by {header.Path} does not exist. Put the .dat file beside the header.");
        }

        return SignalFileDecoder.Decode(File.ReadAllBytes(dataPath), dataPath, format, signalsInFile.Count, header.SampleCount, header.Path);
    }

    private static void Verify(WfdbSignal signal, int[] adc, int slot, int signalsInFile, int sampleCount, string dataPath, string headerPath, int channel)
    {
        if (sampleCount > 0 && signal.InitialValue is { } initial && adc[slot] != initial)
        {
            throw new WfdbFormatException($"{dataPath}: signal {channel} ({signal.Description}) starts with ADC value {adc[slot]} but {headerPath} says {initial}. The signal file does not belong to this header or is corrupted.");
        }

        if (signal.Checksum is { } expected)
        {
            var sum = 0;
            for (var row = 0; row < sampleCount; row++)
            {
                sum += adc[(row * signalsInFile) + slot];
            }

            // WFDB checksums are the 16-bit two's-complement sum of all samples.
            var actual = unchecked((short)sum);
            if (actual != unchecked((short)expected))
            {
                throw new WfdbFormatException($"{dataPath}: signal {channel} ({signal.Description}) has checksum {actual} but {headerPath} says {expected}. The signal file is corrupted or truncated; copy it again.");
            }
        }
    }
}
