using StreamClassifier.Core.Recordings;
using StreamClassifier.Testing;

namespace StreamClassifier.Core.Tests.Recordings;

public sealed class WfdbAnnotationWriterTests
{
    [Fact]
    public void Hand_made_annotations_encode_to_the_expected_words()
    {
        BeatAnnotation[] annotations =
        [
            new(5, 'N', 1),
            new(5 + 70000 + 3, 'V', 5) { Number = 7, Subtype = -1, Channel = 1, Aux = "(VT" },
            new(70018, 'N', 1) { Number = 7, Channel = 1 },
        ];

        var bytes = WfdbAnnotationWriter.ToBytes(annotations);

        // N at +5; the V comes 70003 samples later: a SKIP of 70003 (high word 1), then the V with increment 0; SUB, CHN, NUM, AUX padded to even; N at +10 (NUM and CHN persist, so not repeated); end.
        byte[] expected =
        [
            .. Word(1, 5),
            .. Word(59, 0), .. Word(0, 1), .. Word(0, 70003 - 65536),
            .. Word(5, 0),
            .. Word(61, 0x3FF),
            .. Word(62, 1),
            .. Word(60, 7),
            .. Word(63, 3), (byte)'(', (byte)'V', (byte)'T', 0,
            .. Word(1, 10),
            0, 0,
        ];
        Assert.Equal(expected, bytes);
        Assert.Equal(annotations, WfdbAnnotations.Parse(bytes, "hand-made.atr"));
    }

    [Fact]
    public void Increments_that_do_not_fit_ten_bits_or_go_backwards_use_a_skip_and_round_trip()
    {
        BeatAnnotation[] annotations =
        [
            new(0, 'N', 1),
            new(1023, 'N', 1),          // exactly the largest in-word increment from 0
            new(2047, 'V', 5),          // 1024 later: needs a SKIP
            new(2040, '+', 28) { Aux = "(B" }, // earlier than the previous one: a negative SKIP
            new(3_000_000, '~', 14) { Subtype = 511, Aux = string.Empty },
        ];

        var bytes = WfdbAnnotationWriter.ToBytes(annotations);

        Assert.Equal(annotations, WfdbAnnotations.Parse(bytes, "skips.atr"));
        Assert.Equal([0, 0], bytes[^2..]);
    }

    [Theory]
    [InlineData("reference/wfdb/102-pre-2018.atr")]
    [InlineData("mitbih-excerpts/106.atr")]
    [InlineData("mitbih-excerpts/102.atr")]
    public void Every_mitbih_annotation_file_round_trips(string fixture)
    {
        var original = WfdbAnnotations.Read(SharedPaths.Fixtures(fixture.Split('/')));

        var reread = WfdbAnnotations.Parse(WfdbAnnotationWriter.ToBytes(original), fixture + " (rewritten)");

        Assert.Equal(original, reread);
    }

    [Fact]
    public void Annotations_it_cannot_represent_are_refused_with_their_index()
    {
        var notQrs = Assert.Throws<ArgumentException>(() => WfdbAnnotationWriter.ToBytes([new BeatAnnotation(3, 'N', 1), new BeatAnnotation(4, ' ', 0)]));
        Assert.Contains("Annotation 1 (sample 4) has code 0", notQrs.Message, StringComparison.Ordinal);

        var subtype = Assert.Throws<ArgumentException>(() => WfdbAnnotationWriter.ToBytes([new BeatAnnotation(3, 'N', 1) { Subtype = 600 }]));
        Assert.Contains("subtype 600", subtype.Message, StringComparison.Ordinal);

        var aux = Assert.Throws<ArgumentException>(() => WfdbAnnotationWriter.ToBytes([new BeatAnnotation(3, '+', 28) { Aux = new string('x', 256) }]));
        Assert.Contains("256 bytes of AUX", aux.Message, StringComparison.Ordinal);
    }

    private static byte[] Word(int code, int data)
    {
        var word = (code << 10) | data;
        return [(byte)(word & 0xFF), (byte)(word >> 8)];
    }
}
