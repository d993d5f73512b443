using StreamClassifier.Core.Ecg;

namespace StreamClassifier.Core.Tests.Ecg;

public sealed class NoiseStressTests
{
    [Fact]
    public void The_gain_meets_the_nst_definition_of_snr()
    {
        // S = pp² / 8, N = (a · rms)²: pp 2 mV and rms 0.1 at 12 dB.
        var gain = NoiseStress.Gain(2, 0.1, 12);
        var snr = 10 * Math.Log10((2.0 * 2 / 8) / Math.Pow(gain * 0.1, 2));
        Assert.Equal(12, snr, 9);
    }

    [Fact]
    public void Signal_and_noise_sizes_are_trimmed_means()
    {
        // A square wave of ±1 per second-long chunk has RMS 1 about its mean in every chunk.
        var noise = Enumerable.Range(0, 3600).Select(i => i % 2 == 0 ? 1.0 : -1.0).ToArray();
        Assert.Equal(1, NoiseStress.NoiseRms(noise, 360), 12);

        // Beats at 100 and 300 over a signal that peaks at 2 there and is 0 elsewhere: pp = 2.
        var signal = new double[400];
        signal[100] = 2;
        signal[300] = 2;
        ClassifiedBeat[] beats = [new(100, AamiClass.N), new(300, AamiClass.N)];
        Assert.Equal(2, NoiseStress.QrsPeakToPeak(signal, beats, 360), 12);

        var noisy = NoiseStress.AddNoise(signal, beats, noise, 360, 0);
        Assert.Equal(signal.Length, noisy.Length);
        Assert.Equal(Math.Sqrt(0.5), noisy[0], 12); // gain a = sqrt(S/N) = sqrt(0.5 / 1) at 0 dB
    }
}
