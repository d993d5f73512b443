using StreamClassifier.Core.Recordings;
using StreamClassifier.Testing;

namespace StreamClassifier.Core.Tests.Recordings;

public sealed class WfdbRecordTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("wfdb-tests-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [SkippableTheory]
    [InlineData("100", "MLII", "V5")]
    [InlineData("102", "V5", "V2")]
    [InlineData("106", "MLII", "V1")]
    [InlineData("119", "MLII", "V1")]
    [InlineData("208", "MLII", "V1")]
    public void Reads_every_record_as_650000_rows_of_two_channels_and_passes_its_checksums(string name, string lead0, string lead1)
    {
        // Read itself verifies the per-signal checksum and first sample against the header.
        var record = WfdbRecord.Read(Path.Combine(DataRequirement.Require(DataRequirement.MitBih), name));

        Assert.Equal(name, record.Name);
        Assert.Equal(360.0, record.SampleRateHz);
        Assert.Equal(2, record.Channels);
        Assert.Equal(650000, record.SampleCount);
        Assert.Equal(650000 * 2, record.Physical.Length);
        Assert.Equal([lead0, lead1], record.SignalNames);
        Assert.Equal(650000 / 360.0, record.DurationSeconds, 9);
    }

    [Fact]
    public void Record_100_header_with_a_comment_line_a_blank_line_and_lf_endings_parses()
    {
        // wfdb-python's test copy of 100.hea: a leading comment, a blank line between the signal lines, LF endings.
        var header = WfdbHeader.Read(SharedPaths.Reference("wfdb", "100-wfdb-python-test-copy.hea"));

        Assert.Equal(("100", 2, 360.0, (int?)650000), (header.RecordName, header.SignalCount, header.SampleRateHz, header.SampleCount));
        Assert.Equal(["MLII", "V5"], header.Signals.Select(signal => signal.Description));
        Assert.Equal([995, 1011], header.Signals.Select(signal => signal.InitialValue ?? 0));
        Assert.Equal(-22131, header.Signals[0].Checksum);
        Assert.Equal(20052, header.Signals[1].Checksum);
        Assert.Equal(200.0, header.Signals[0].Gain);
        Assert.Equal(1024, header.Signals[0].Baseline);
        Assert.Equal(11, header.Signals[0].AdcResolution);
        Assert.Contains("unnecessary comment", header.Comments);
        Assert.Contains("Aldomet, Inderal", header.Comments);
    }

    [SkippableFact]
    public void Record_100_with_the_commented_header_reads_and_converts_to_millivolts()
    {
        var mitbih = DataRequirement.Require(DataRequirement.MitBih);
        File.Copy(SharedPaths.Reference("wfdb", "100-wfdb-python-test-copy.hea"), Path.Combine(scratch, "100.hea"));
        File.Copy(Path.Combine(mitbih, "100.dat"), Path.Combine(scratch, "100.dat"));

        var record = WfdbRecord.Read(Path.Combine(scratch, "100.hea"));

        // Header: initial values 995 and 1011, gain 200, baseline = ADC zero 1024.
        Assert.Equal((995 - 1024) / 200.0, record.Physical[0], 12);
        Assert.Equal((1011 - 1024) / 200.0, record.Physical[1], 12);
        Assert.Equal(-0.145, record.Rows(0, 1)[0], 12);
        Assert.Equal(-0.065, record.Rows(0, 1)[1], 12);
        Assert.Equal(-22131, record.Header.Signals[0].Checksum);
        Assert.Equal(20052, record.Header.Signals[1].Checksum);
        Assert.Equal(200.0, record.Header.Signals[0].Gain);
        Assert.Equal(1024, record.Header.Signals[0].Baseline);
        Assert.Equal(11, record.Header.Signals[0].AdcResolution);
        Assert.Contains("unnecessary comment", record.Header.Comments);
        Assert.Contains("Aldomet, Inderal", record.Header.Comments);
    }

    [Fact]
    public void Format_212_decoding_matches_a_hand_packed_pair_including_negative_values()
    {
        // Samples 0x123 (291) and 0xABC (2748 → -1348 as 12-bit two's complement) packed as 23 A1 BC.
        var header = """
            tiny 2 360 1
            tiny.dat 212 100(10)/mV 12 0 291 291 0 A
            tiny.dat 212 50 12 0 -1348 -1348 0 B
            """;
        File.WriteAllText(Path.Combine(scratch, "tiny.hea"), header);
        File.WriteAllBytes(Path.Combine(scratch, "tiny.dat"), [0x23, 0xA1, 0xBC]);

        var record = WfdbRecord.Read(Path.Combine(scratch, "tiny"));

        Assert.Equal((291 - 10) / 100.0, record.Physical[0], 12);
        Assert.Equal(-1348 / 50.0, record.Physical[1], 12);
    }

    [Fact]
    public void A_corrupted_signal_file_fails_its_checksum_with_a_message_naming_the_file()
    {
        var dataPath = CopyRecord("106");
        var bytes = File.ReadAllBytes(dataPath);
        bytes[30_000] ^= 0x01;
        File.WriteAllBytes(dataPath, bytes);

        var error = Assert.Throws<WfdbFormatException>(() => WfdbRecord.Read(Path.Combine(scratch, "106")));

        Assert.Contains(dataPath, error.Message, StringComparison.Ordinal);
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
        Assert.Contains("says 16229", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_first_sample_that_disagrees_with_the_header_is_reported()
    {
        var dataPath = CopyRecord("106");
        var headerPath = Path.Combine(scratch, "106.hea");
        File.WriteAllText(headerPath, File.ReadAllText(headerPath).Replace(" 962 ", " 963 ", StringComparison.Ordinal));

        var error = Assert.Throws<WfdbFormatException>(() => WfdbRecord.Read(headerPath));

        Assert.Contains(dataPath, error.Message, StringComparison.Ordinal);
        Assert.Contains("starts with ADC value 962 but", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_signal_file_is_reported_with_the_expected_size()
    {
        var dataPath = CopyRecord("106");
        var bytes = File.ReadAllBytes(dataPath);
        File.WriteAllBytes(dataPath, bytes[..30_000]);

        var error = Assert.Throws<WfdbFormatException>(() => WfdbRecord.Read(Path.Combine(scratch, "106.hea")));

        Assert.Contains("holds 30000 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("64800 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_files_and_malformed_headers_say_what_and_where()
    {
        var missing = Assert.Throws<WfdbFormatException>(() => WfdbRecord.Read(Path.Combine(scratch, "nope")));
        Assert.Contains("nope.hea", missing.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);

        var tooFewSignals = ReadError("bad.hea", "# comment\nbad 2 360 10\nbad.dat 212 200 11 1024 0 0 0 MLII\n");
        Assert.Contains("declares 2 signal(s) but the header has 1", tooFewSignals.Message, StringComparison.Ordinal);

        var badFormat = ReadError("fmt.hea", "fmt 1 360 10\nfmt.dat 80 200 11 1024 0 0 0 MLII\n");
        Assert.Contains("fmt.hea:2", badFormat.Message, StringComparison.Ordinal);
        Assert.Contains("format 80 is not supported", badFormat.Message, StringComparison.Ordinal);

        var noData = ReadError("nodat.hea", "nodat 1 360 10\nnodat.dat 212 200 11 1024 0 0 0 MLII\n");
        Assert.Contains("nodat.dat", noData.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", noData.Message, StringComparison.Ordinal);
    }

    // Writes a header into the scratch folder and returns the error reading it raises.
    private WfdbFormatException ReadError(string headerName, string header)
    {
        var path = Path.Combine(scratch, headerName);
        File.WriteAllText(path, header);
        return Assert.Throws<WfdbFormatException>(() => WfdbRecord.Read(path));
    }

    // Copies a committed excerpt (the first 60 s of a MIT-BIH record) into the scratch folder.
    private string CopyRecord(string name)
    {
        foreach (var extension in new[] { ".hea", ".dat" })
        {
            File.Copy(SharedPaths.Fixtures("mitbih-excerpts", name + extension), Path.Combine(scratch, name + extension));
        }

        return Path.Combine(scratch, name + ".dat");
    }
}
