namespace StreamClassifier.Core.Recordings;

/// <summary>Decodes WFDB signal files (formats 212 and 16) into raw ADC values, frame-interleaved.</summary>
internal static class SignalFileDecoder
{
    /// <summary>WFDB's "invalid sample" marker for 12-bit formats (-2048 in format 212).</summary>
    public const int InvalidSample = -2048;

    /// <summary>
    /// Decodes <paramref name="bytes"/> into ADC values, <paramref name="signalsInFile"/> per frame.
    /// With <paramref name="declaredSampleCount"/> the file must hold at least that many frames;
    /// without it the frame count is taken from the file length.
    /// </summary>
    public static (int[] Adc, int SampleCount) Decode(byte[] bytes, string dataPath, int format, int signalsInFile, int? declaredSampleCount, string headerPath)
    {
        var availableValues = format == 212 ? bytes.Length / 3 * 2 + (bytes.Length % 3 >= 2 ? 1 : 0) : bytes.Length / 2;
        var availableFrames = availableValues / signalsInFile;
        var sampleCount = declaredSampleCount ?? availableFrames;
        if (availableFrames < sampleCount)
        {
            var neededBytes = format == 212 ? ((long)sampleCount * signalsInFile * 3 + 1) / 2 : (long)sampleCount * signalsInFile * 2;
            throw new WfdbFormatException($"{dataPath}: the file holds {bytes.Length} bytes but {headerPath} promises {sampleCount} samples × {signalsInFile} signal(s) in format {format} ({neededBytes} bytes). The file is truncated; copy it again.");
        }

        var valueCount = checked(sampleCount * signalsInFile);
        var adc = new int[valueCount];
        if (format == 212)
        {
            Decode212(bytes, adc);
        }
        else
        {
            for (var i = 0; i < valueCount; i++)
            {
                adc[i] = (short)(bytes[2 * i] | (bytes[(2 * i) + 1] << 8));
            }
        }

        return (adc, sampleCount);
    }

    // Format 212: each pair of 12-bit two's-complement samples is packed into 3 bytes:
    // first = byte0 | (byte1 & 0x0F) << 8, second = byte2 | (byte1 & 0xF0) << 4.
    private static void Decode212(byte[] bytes, int[] adc)
    {
        var offset = 0;
        var i = 0;
        for (; i + 1 < adc.Length; i += 2, offset += 3)
        {
            var middle = bytes[offset + 1];
            adc[i] = SignExtend12(bytes[offset] | ((middle & 0x0F) << 8));
            adc[i + 1] = SignExtend12(bytes[offset + 2] | ((middle & 0xF0) << 4));
        }

        if (i < adc.Length)
        {
            adc[i] = SignExtend12(bytes[offset] | ((bytes[offset + 1] & 0x0F) << 8));
        }
    }

    private static int SignExtend12(int value) => value >= 2048 ? value - 4096 : value;
}
