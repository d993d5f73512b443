using StreamClassifier.Core.Recordings;
using StreamClassifier.Testing;

namespace StreamClassifier.Core.Tests.Recordings;

public sealed class WfdbAnnotationsTests
{
    [SkippableTheory]
    [InlineData("100", "+:1, A:33, N:2239, V:1", 2273)]
    [InlineData("102", "+:5, /:2028, N:99, V:4, f:56", 2187)]
    [InlineData("103", "+:1, A:2, N:2082, ~:6", 2084)]
    [InlineData("104", "+:45, /:1380, N:163, Q:18, V:2, f:666, ~:37", 2229)]
    [InlineData("105", "+:1, N:2526, Q:5, V:41, |:30, ~:88", 2572)]
    [InlineData("106", "+:41, N:1507, V:520, ~:30", 2027)]
    [InlineData("107", "+:1, /:2078, V:59, ~:2", 2137)]
    [InlineData("108", "+:1, A:4, F:2, N:1739, V:17, j:1, x:11, |:8, ~:41", 1763)]
    [InlineData("208", "+:53, F:373, N:1586, Q:2, S:2, V:992, |:8, ~:24", 2955)]
    public void Symbol_and_beat_counts_match_the_datasets_readme(string record, string expectedCounts, int expectedBeats)
    {
        var annotations = WfdbAnnotations.Read(Path.Combine(DataRequirement.Require(DataRequirement.MitBih), record + ".atr"));

        var counts = string.Join(", ", annotations
            .GroupBy(annotation => annotation.Symbol)
            .OrderBy(group => group.Key, Comparer<char>.Create((left, right) => string.CompareOrdinal(left.ToString(), right.ToString())))
            .Select(group => $"{group.Key}:{group.Count()}"));
        Assert.Equal(expectedCounts, counts);
        Assert.Equal(expectedBeats, annotations.Count(annotation => annotation.IsBeat));
    }

    [SkippableFact]
    public void Annotations_are_in_time_order_within_the_record_and_rhythm_changes_carry_aux_text()
    {
        var annotations = WfdbAnnotations.Read(Path.Combine(DataRequirement.Require(DataRequirement.MitBih), "100.atr"));

        Assert.All(annotations.Zip(annotations.Skip(1)), pair => Assert.True(pair.First.SampleIndex <= pair.Second.SampleIndex));
        Assert.InRange(annotations[^1].SampleIndex, 0, 649_999);

        // 100.atr starts with a rhythm annotation '+' at sample 18 whose aux text is "(N".
        Assert.Equal(new BeatAnnotation(18, '+', 28) { Aux = "(N" }, annotations[0]);
        Assert.Equal('N', annotations[1].Symbol);
    }

    [Fact]
    public void Skip_num_sub_chn_and_aux_words_are_decoded()
    {
        // N at +5; SKIP of 70000 (high word 1, low word 4464); V at +3; NUM 7; SUB -1 (0x3FF); CHN 1; AUX "(VT" (3 bytes + pad); end.
        byte[] bytes =
        [
            .. Word(1, 5),
            .. Word(59, 0), .. Word(0, 1), .. Word(0, 4464),
            .. Word(5, 3),
            .. Word(60, 7),
            .. Word(61, 0x3FF),
            .. Word(62, 1),
            .. Word(63, 3), (byte)'(', (byte)'V', (byte)'T', 0,
            .. Word(1, 10),
            0, 0,
        ];

        var annotations = WfdbAnnotations.Parse(bytes, "synthetic.atr");

        Assert.Equal(3, annotations.Count);
        Assert.Equal(new BeatAnnotation(5, 'N', 1), annotations[0]);
        Assert.Equal(new BeatAnnotation(5 + 70000 + 3, 'V', 5) { Number = 7, Subtype = -1, Channel = 1, Aux = "(VT" }, annotations[1]);

        // NUM and CHN persist to later annotations, as in WFDB.
        Assert.Equal(new BeatAnnotation(70018, 'N', 1) { Number = 7, Channel = 1 }, annotations[2]);
    }

    [Fact]
    public void Truncated_or_foreign_files_are_reported_with_the_byte_offset()
    {
        var truncatedSkip = Assert.Throws<WfdbFormatException>(() => WfdbAnnotations.Parse([.. Word(1, 5), .. Word(59, 0), 0], "cut.atr"));
        Assert.Contains("cut.atr", truncatedSkip.Message, StringComparison.Ordinal);
        Assert.Contains("SKIP at byte 2", truncatedSkip.Message, StringComparison.Ordinal);

        var unknown = Assert.Throws<WfdbFormatException>(() => WfdbAnnotations.Parse([.. Word(1, 5), .. Word(55, 1)], "odd.atr"));
        Assert.Contains("unknown annotation code 55 at byte 2", unknown.Message, StringComparison.Ordinal);

        var orphan = Assert.Throws<WfdbFormatException>(() => WfdbAnnotations.Parse([.. Word(63, 2), 65, 66], "orphan.atr"));
        Assert.Contains("AUX word at byte 0 comes before any annotation", orphan.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<WfdbFormatException>(() => WfdbAnnotations.Read("/nonexistent/119.atr"));
        Assert.Contains("/nonexistent/119.atr", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Beat_symbol_table_round_trips_and_knows_the_beat_codes()
    {
        Assert.Equal('V', BeatSymbols.SymbolOf(5));
        Assert.Equal('f', BeatSymbols.SymbolOf(38));
        Assert.Equal('/', BeatSymbols.SymbolOf(12));
        Assert.Equal(13, BeatSymbols.CodeOf('Q'));
        Assert.Equal(28, BeatSymbols.CodeOf('+'));
        Assert.Null(BeatSymbols.CodeOf('Z'));
        Assert.True(BeatSymbols.IsBeatCode(1));
        Assert.False(BeatSymbols.IsBeatCode(28));
        Assert.False(BeatSymbols.IsBeatCode(14));
        Assert.True(BeatSymbols.IsVentricularCode(5));
        Assert.False(BeatSymbols.IsVentricularCode(6));
    }

    private static byte[] Word(int code, int data)
    {
        var word = (code << 10) | data;
        return [(byte)(word & 0xFF), (byte)(word >> 8)];
    }
}
