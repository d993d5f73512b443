using System.Buffers.Binary;
using System.Text;
using static StreamClassifier.Core.Recordings.WfdbAnnotationCodes;

namespace StreamClassifier.Core.Recordings;

/// <summary>
/// Reads WFDB annotation files in MIT format (<c>.atr</c>): 16-bit little-endian words, code = w &gt;&gt; 10,
/// time increment = w &amp; 0x3FF; SKIP (59) carries a 32-bit increment (high word first); NUM (60), SUB (61)
/// and CHN (62) set fields of the annotation before them; AUX (63) attaches w &amp; 0x3FF bytes of text
/// (padded to an even length); the word 0 ends the file.
/// </summary>
public static class WfdbAnnotations
{

    /// <summary>Reads every annotation (beats and non-beats) in file order.</summary>
    /// <exception cref="WfdbFormatException">The file is missing, truncated or holds an unknown code; the message names the file and byte offset.</exception>
    public static IReadOnlyList<BeatAnnotation> Read(string atrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(atrPath);
        var fullPath = Path.GetFullPath(atrPath);
        if (!File.Exists(fullPath))
        {
            throw new WfdbFormatException($"{fullPath}: the annotation file does not exist. Pass the path of the record's .atr file.");
        }

        return Parse(File.ReadAllBytes(fullPath), fullPath);
    }

    /// <summary>Parses annotation bytes; <paramref name="source"/> names the file in errors.</summary>
    /// <exception cref="WfdbFormatException">The bytes are truncated or hold an unknown code.</exception>
    public static IReadOnlyList<BeatAnnotation> Parse(ReadOnlySpan<byte> bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var annotations = new List<BeatAnnotation>();
        long time = 0;
        var number = 0;
        var channel = 0;
        var offset = 0;
        while (TryReadWord(bytes, ref offset, source, out var word))
        {
            var wordOffset = offset - 2;
            var code = word >> 10;
            var data = word & 0x3FF;
            switch (code)
            {
                case Skip:
                    time += ReadSkipInterval(bytes, ref offset, source, wordOffset);
                    break;
                case Num:
                    number = SignExtend10(data);
                    ModifyLast(annotations, annotation => annotation with { Number = number }, source, wordOffset, "NUM");
                    break;
                case Sub:
                    ModifyLast(annotations, annotation => annotation with { Subtype = SignExtend10(data) }, source, wordOffset, "SUB");
                    break;
                case Chn:
                    channel = data;
                    ModifyLast(annotations, annotation => annotation with { Channel = channel }, source, wordOffset, "CHN");
                    break;
                case Aux:
                    var text = ReadAuxText(bytes, ref offset, data, source, wordOffset);
                    ModifyLast(annotations, annotation => annotation with { Aux = text }, source, wordOffset, "AUX");
                    break;
                default:
                    if (code > BeatSymbols.MaxCode)
                    {
                        throw new WfdbFormatException($"{source}: unknown annotation code {code} at byte {wordOffset} (valid: 0..{BeatSymbols.MaxCode} and 59..63). This is not a MIT-format annotation file, or it is corrupted.");
                    }

                    time += data;
                    annotations.Add(new BeatAnnotation(time, BeatSymbols.SymbolOf(code), code) { Number = number, Channel = channel });
                    break;
            }
        }

        return annotations;
    }

    /// <summary>The next word, false at the end of the annotations (the word 0, or the end of the bytes on a word boundary).</summary>
    private static bool TryReadWord(ReadOnlySpan<byte> bytes, ref int offset, string source, out int word)
    {
        word = 0;
        if (offset + 2 > bytes.Length)
        {
            if (offset == bytes.Length)
            {
                // Some writers omit the end marker; a file that ends on a word boundary is complete.
                return false;
            }

            throw new WfdbFormatException($"{source}: the annotation file ends in the middle of a word at byte {offset}. The file is truncated; copy it again.");
        }

        word = BinaryPrimitives.ReadUInt16LittleEndian(bytes[offset..]);
        offset += 2;
        return word != 0;
    }

    /// <summary>The 32-bit interval after a SKIP word (high 16 bits first).</summary>
    private static int ReadSkipInterval(ReadOnlySpan<byte> bytes, ref int offset, string source, int wordOffset)
    {
        if (offset + 4 > bytes.Length)
        {
            throw new WfdbFormatException($"{source}: a SKIP at byte {wordOffset} is cut off before its 32-bit interval. The file is truncated.");
        }

        var high = BinaryPrimitives.ReadUInt16LittleEndian(bytes[offset..]);
        var low = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(offset + 2)..]);
        offset += 4;
        return (int)(((uint)high << 16) | low);
    }

    /// <summary>The text after an AUX word of <paramref name="length"/> bytes (padded to an even length).</summary>
    private static string ReadAuxText(ReadOnlySpan<byte> bytes, ref int offset, int length, string source, int wordOffset)
    {
        var padded = length + (length & 1);
        if (offset + padded > bytes.Length)
        {
            throw new WfdbFormatException($"{source}: an AUX of {length} bytes at byte {wordOffset} runs past the end of the file. The file is truncated.");
        }

        var text = Encoding.Latin1.GetString(bytes.Slice(offset, length)).TrimEnd('\0');
        offset += padded;
        return text;
    }

    private static void ModifyLast(List<BeatAnnotation> annotations, Func<BeatAnnotation, BeatAnnotation> modify, string source, int wordOffset, string what)
    {
        if (annotations.Count == 0)
        {
            throw new WfdbFormatException($"{source}: a {what} word at byte {wordOffset} comes before any annotation it could modify. The file is corrupted.");
        }

        annotations[^1] = modify(annotations[^1]);
    }

    private static int SignExtend10(int value) => value >= 512 ? value - 1024 : value;
}
