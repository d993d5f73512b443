using StreamClassifier.Core.Recordings;
using StreamClassifier.Testing;

namespace StreamClassifier.Core.Tests.Recordings;

public sealed class WfdbExcerptTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("wfdb-excerpt-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void An_excerpt_reads_back_as_the_same_samples_and_the_shifted_annotations()
    {
        var source = SharedPaths.Fixtures("mitbih-excerpts", "106");
        var original = WfdbRecord.Read(source);
        const int start = 3_000;
        const int end = 18_000;

        var written = WfdbExcerpt.Write(source, start, end, scratch, "a test excerpt");

        Assert.Equal(["106.dat", "106.hea", "106.atr"], written.Select(Path.GetFileName));

        // Format 212 with two signals: a frame is two 12-bit values in three bytes, copied byte for byte.
        Assert.Equal((end - start) * 3, new FileInfo(Path.Combine(scratch, "106.dat")).Length);

        // Reading verifies the rewritten first values and checksums of both signals.
        var excerpt = WfdbRecord.Read(Path.Combine(scratch, "106"));
        Assert.Equal(end - start, excerpt.SampleCount);
        Assert.Equal(original.SignalNames, excerpt.SignalNames);
        Assert.Equal(original.SampleRateHz, excerpt.SampleRateHz);
        Assert.Equal(original.Rows(start, end - start).ToArray(), excerpt.Physical);
        Assert.Contains("a test excerpt", excerpt.Header.Comments);

        var expected = WfdbAnnotations.Read(source + ".atr")
            .Where(annotation => annotation.SampleIndex is >= start and < end)
            .Select(annotation => annotation with { SampleIndex = annotation.SampleIndex - start })
            .ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, WfdbAnnotations.Read(Path.Combine(scratch, "106.atr")));
    }

    [Fact]
    public void Ranges_it_cannot_cut_exactly_are_refused_with_the_reason()
    {
        var source = SharedPaths.Fixtures("mitbih-excerpts", "106");

        var outside = Assert.Throws<WfdbFormatException>(() => WfdbExcerpt.Write(source, 20_000, 30_000, scratch));
        Assert.Contains("20000..30000 is not inside the record's 21600 samples", outside.Message, StringComparison.Ordinal);

        // Two signals in format 212: one frame is three bytes, so any range works; one signal needs even bounds.
        File.WriteAllText(Path.Combine(scratch, "one.hea"), "one 1 360 10\none.dat 212 200 11 1024\n");
        File.WriteAllBytes(Path.Combine(scratch, "one.dat"), new byte[15]);
        var odd = Assert.Throws<WfdbFormatException>(() => WfdbExcerpt.Write(Path.Combine(scratch, "one"), 1, 5, Path.Combine(scratch, "out")));
        Assert.Contains("does not start and end on whole triples", odd.Message, StringComparison.Ordinal);
    }
}
