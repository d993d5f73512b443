using System.Buffers.Binary;
using System.Text;
using static StreamClassifier.Core.Recordings.WfdbAnnotationCodes;

namespace StreamClassifier.Core.Recordings;

/// <summary>
/// Writes annotations in WFDB's MIT format, the inverse of <see cref="WfdbAnnotations"/>: one 16-bit
/// word per annotation (code &lt;&lt; 10 | time increment), a SKIP before it when the increment does not
/// fit in 10 bits or is negative, SUB / CHN / NUM / AUX words for the fields that differ from WFDB's
/// running defaults, and the end word 0.
/// </summary>
public static class WfdbAnnotationWriter
{
    private const int MaxIncrement = 0x3FF;

    /// <summary>Writes <paramref name="annotations"/> (in time order) to a file.</summary>
    /// <exception cref="ArgumentException">An annotation cannot be represented; the message names it.</exception>
    public static void Write(IReadOnlyList<BeatAnnotation> annotations, string atrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(atrPath);
        File.WriteAllBytes(atrPath, ToBytes(annotations));
    }

    /// <summary>The MIT-format bytes of <paramref name="annotations"/>.</summary>
    /// <exception cref="ArgumentException">An annotation cannot be represented (code outside 1..49, a field out of range, AUX over 255 bytes); the message names it.</exception>
    public static byte[] ToBytes(IReadOnlyList<BeatAnnotation> annotations)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        var output = new MemoryStream(annotations.Count * 2 + 2);
        long time = 0;
        var number = 0;
        var channel = 0;
        for (var index = 0; index < annotations.Count; index++)
        {
            var annotation = annotations[index];
            // Code 0 with increment 0 is the end marker, so 0 (NOTQRS) cannot be written as an annotation.
            if (annotation.Code is < 1 or > BeatSymbols.MaxCode)
            {
                throw new ArgumentException($"Annotation {index} (sample {annotation.SampleIndex}) has code {annotation.Code}; MIT format stores codes 1..{BeatSymbols.MaxCode}.", nameof(annotations));
            }

            WriteCodeWord(output, annotation, time, index);
            time = annotation.SampleIndex;
            if (annotation.Subtype != 0)
            {
                WriteWord(output, (Sub << 10) | TenBits(annotation.Subtype, "subtype", index));
            }

            // CHN and NUM persist to later annotations in the reader, so they are written only on change.
            if (annotation.Channel != channel)
            {
                if (annotation.Channel is < 0 or > MaxIncrement)
                {
                    throw new ArgumentException($"Annotation {index} has channel {annotation.Channel}; MIT format stores 0..{MaxIncrement}.", nameof(annotations));
                }

                WriteWord(output, (Chn << 10) | annotation.Channel);
                channel = annotation.Channel;
            }

            if (annotation.Number != number)
            {
                WriteWord(output, (Num << 10) | TenBits(annotation.Number, "number", index));
                number = annotation.Number;
            }

            if (annotation.Aux is { } aux)
            {
                WriteAux(output, aux, index);
            }
        }

        WriteWord(output, 0);
        return output.ToArray();
    }

    /// <summary>The annotation's code word with its time increment from <paramref name="previousTime"/>, after a SKIP when the increment does not fit in 10 bits.</summary>
    private static void WriteCodeWord(Stream output, BeatAnnotation annotation, long previousTime, int index)
    {
        var increment = annotation.SampleIndex - previousTime;
        if (increment is < 0 or > MaxIncrement)
        {
            if (increment is < int.MinValue or > int.MaxValue)
            {
                throw new ArgumentException($"Annotation {index} is {increment} samples from the previous one; a SKIP holds at most a 32-bit interval.", "annotations");
            }

            var skip = unchecked((uint)(int)increment);
            WriteWord(output, Skip << 10);
            WriteWord(output, (int)(skip >> 16));
            WriteWord(output, (int)(skip & 0xFFFF));
            increment = 0;
        }

        WriteWord(output, (annotation.Code << 10) | (int)increment);
    }

    /// <summary>An AUX word and its Latin-1 text, padded to an even length.</summary>
    private static void WriteAux(Stream output, string aux, int index)
    {
        var text = Encoding.Latin1.GetBytes(aux);
        if (text.Length > 255)
        {
            throw new ArgumentException($"Annotation {index} has {text.Length} bytes of AUX text; WFDB allows at most 255.", "annotations");
        }

        WriteWord(output, (Aux << 10) | text.Length);
        output.Write(text);
        if ((text.Length & 1) == 1)
        {
            output.WriteByte(0);
        }
    }

    private static int TenBits(int value, string what, int index) =>
        value is >= -512 and <= 511
            ? value & 0x3FF
            : throw new ArgumentException($"Annotation {index} has {what} {value}; MIT format stores -512..511.", "annotations");

    private static void WriteWord(Stream output, int word)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)word);
        output.Write(bytes);
    }
}
