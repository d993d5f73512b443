namespace StreamClassifier.Core.Ecg;

/// <summary>
/// Adds recorded noise (MIT-BIH Noise Stress Test Database: <c>bw</c> baseline wander, <c>ma</c> muscle
/// artifact) to an ECG at a signal-to-noise ratio defined as the WFDB <c>nst</c> tool defines it:
/// S = (mean peak-to-peak amplitude of the first 300 normal QRS complexes, each measured from 50 ms
/// before to 50 ms after its annotation, largest and smallest 5 % discarded)² / 8; N = (mean RMS of the
/// first 300 one-second chunks of the noise about each chunk's mean, largest and smallest 5 % discarded)²;
/// the noise is scaled by a so that SNR = 10 log10(S / (a² N)). Unlike nst's protocol of alternating
/// clean and noisy minutes, the noise is added over the whole record (repeating the noise record if it is shorter).
/// </summary>
public static class NoiseStress
{
    /// <summary>The signal with <paramref name="noise"/> added at <paramref name="snrDb"/> dB.</summary>
    /// <param name="signal">The clean ECG lead.</param>
    /// <param name="beats">Its annotated beats (the N beats give the QRS amplitude).</param>
    /// <param name="noise">One noise signal at the same sample rate.</param>
    /// <param name="sampleRateHz">Sample rate of both.</param>
    /// <param name="snrDb">Target SNR in dB.</param>
    public static double[] AddNoise(IReadOnlyList<double> signal, IReadOnlyList<ClassifiedBeat> beats, IReadOnlyList<double> noise, double sampleRateHz, double snrDb)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(noise);
        if (noise.Count == 0)
        {
            throw new ArgumentException("The noise signal is empty.", nameof(noise));
        }

        var qrs = QrsPeakToPeak(signal, beats, sampleRateHz);
        var noiseRms = NoiseRms(noise, sampleRateHz);
        var gain = Gain(qrs, noiseRms, snrDb);
        var result = new double[signal.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = signal[i] + (gain * noise[i % noise.Count]);
        }

        return result;
    }

    /// <summary>The noise gain a for a peak-to-peak QRS amplitude and a noise RMS: SNR = 10 log10((pp² / 8) / (a · rms)²).</summary>
    public static double Gain(double qrsPeakToPeak, double noiseRms, double snrDb)
    {
        var signalPower = qrsPeakToPeak * qrsPeakToPeak / 8;
        var noisePower = noiseRms * noiseRms;
        return noisePower <= 0 ? 0 : Math.Sqrt(signalPower / (noisePower * Math.Pow(10, snrDb / 10)));
    }

    /// <summary>nst's QRS size: trimmed mean of the peak-to-peak amplitude ±50 ms around the first 300 normal (N) beats (all beats when there are no N beats).</summary>
    public static double QrsPeakToPeak(IReadOnlyList<double> signal, IReadOnlyList<ClassifiedBeat> beats, double sampleRateHz)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(beats);
        var half = (int)Math.Round(0.05 * sampleRateHz);
        var normal = beats.Where(beat => beat.Class == AamiClass.N).ToList();
        var chosen = (normal.Count > 0 ? normal : [.. beats]).Take(300);
        var amplitudes = new List<double>();
        foreach (var beat in chosen)
        {
            var from = (int)Math.Max(0, beat.SampleIndex - half);
            var to = (int)Math.Min(signal.Count - 1, beat.SampleIndex + half);
            if (to < from)
            {
                continue;
            }

            double low = double.PositiveInfinity, high = double.NegativeInfinity;
            for (var i = from; i <= to; i++)
            {
                low = Math.Min(low, signal[i]);
                high = Math.Max(high, signal[i]);
            }

            amplitudes.Add(high - low);
        }

        return TrimmedMean(amplitudes);
    }

    /// <summary>nst's noise size: trimmed mean of the RMS about the mean of the first 300 one-second chunks.</summary>
    public static double NoiseRms(IReadOnlyList<double> noise, double sampleRateHz)
    {
        ArgumentNullException.ThrowIfNull(noise);
        var chunk = (int)Math.Round(sampleRateHz);
        var values = new List<double>();
        for (var start = 0; start + chunk <= noise.Count && values.Count < 300; start += chunk)
        {
            double mean = 0;
            for (var i = start; i < start + chunk; i++)
            {
                mean += noise[i];
            }

            mean /= chunk;
            double squares = 0;
            for (var i = start; i < start + chunk; i++)
            {
                squares += (noise[i] - mean) * (noise[i] - mean);
            }

            values.Add(Math.Sqrt(squares / chunk));
        }

        return TrimmedMean(values);
    }

    // Discards the largest and smallest 5 % and averages the rest.
    private static double TrimmedMean(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        var cut = values.Count / 20;
        return values.Skip(cut).Take(values.Count - (2 * cut)).Average();
    }
}
