using System.Numerics;

namespace StreamClassifier.Dsp.Filters.Design;

/// <summary>
/// A filter as zeros, poles and gain, with the analog prototype, frequency transforms and bilinear
/// transform of scipy 1.10 (<c>buttap</c>, <c>lp2lp_zpk</c>, <c>lp2hp_zpk</c>, <c>lp2bp_zpk</c>,
/// <c>lp2bs_zpk</c>, <c>bilinear_zpk</c>). Working on roots instead of polynomials keeps high-order
/// band filters accurate to rounding error.
/// </summary>
internal sealed record ZeroPoleGain(Complex[] Zeros, Complex[] Poles, double Gain)
{
    /// <summary>Normalised analog Butterworth lowpass of an order: no zeros, poles on the left unit half-circle.</summary>
    public static ZeroPoleGain ButterworthPrototype(int order)
    {
        var poles = new Complex[order];
        var index = 0;
        for (var m = -order + 1; m < order; m += 2)
        {
            var angle = Math.PI * m / (2.0 * order);
            poles[index++] = -new Complex(Math.Cos(angle), Math.Sin(angle));
        }

        return new ZeroPoleGain([], poles, 1.0);
    }

    /// <summary>Lowpass with cutoff <paramref name="cutoff"/> rad/s.</summary>
    public ZeroPoleGain LowpassToLowpass(double cutoff)
    {
        var degree = RelativeDegree;
        return new ZeroPoleGain(
            Array.ConvertAll(Zeros, zero => cutoff * zero),
            Array.ConvertAll(Poles, pole => cutoff * pole),
            Gain * Math.Pow(cutoff, degree));
    }

    /// <summary>Highpass with cutoff <paramref name="cutoff"/> rad/s.</summary>
    public ZeroPoleGain LowpassToHighpass(double cutoff)
    {
        var degree = RelativeDegree;
        var zeros = new List<Complex>(Array.ConvertAll(Zeros, zero => cutoff / zero));
        zeros.AddRange(Enumerable.Repeat(Complex.Zero, degree));
        return new ZeroPoleGain([.. zeros], Array.ConvertAll(Poles, pole => cutoff / pole), Gain * (Product(Zeros, -1) / Product(Poles, -1)).Real);
    }

    /// <summary>Bandpass centred on <paramref name="centre"/> rad/s with width <paramref name="bandwidth"/> rad/s.</summary>
    public ZeroPoleGain LowpassToBandpass(double centre, double bandwidth)
    {
        var degree = RelativeDegree;
        var zeros = new List<Complex>(SplitAroundCentre(Array.ConvertAll(Zeros, zero => zero * bandwidth / 2), centre));
        zeros.AddRange(Enumerable.Repeat(Complex.Zero, degree));
        var poles = SplitAroundCentre(Array.ConvertAll(Poles, pole => pole * bandwidth / 2), centre);
        return new ZeroPoleGain([.. zeros], poles, Gain * Math.Pow(bandwidth, degree));
    }

    /// <summary>Bandstop centred on <paramref name="centre"/> rad/s with width <paramref name="bandwidth"/> rad/s.</summary>
    public ZeroPoleGain LowpassToBandstop(double centre, double bandwidth)
    {
        var degree = RelativeDegree;
        var halfWidth = new Complex(bandwidth / 2, 0);
        var zeros = new List<Complex>(SplitAroundCentre(Array.ConvertAll(Zeros, zero => halfWidth / zero), centre));
        zeros.AddRange(Enumerable.Repeat(new Complex(0, centre), degree));
        zeros.AddRange(Enumerable.Repeat(new Complex(0, -centre), degree));
        var poles = SplitAroundCentre(Array.ConvertAll(Poles, pole => halfWidth / pole), centre);
        return new ZeroPoleGain([.. zeros], poles, Gain * (Product(Zeros, -1) / Product(Poles, -1)).Real);
    }

    /// <summary>
    /// Digital filter by the bilinear transform at sample rate <paramref name="sampleRate"/>; zeros at
    /// infinity map to z = -1.
    /// </summary>
    public ZeroPoleGain Bilinear(double sampleRate)
    {
        var degree = RelativeDegree;
        var twiceRate = 2.0 * sampleRate;
        var zeros = new List<Complex>(Array.ConvertAll(Zeros, zero => (twiceRate + zero) / (twiceRate - zero)));
        zeros.AddRange(Enumerable.Repeat(new Complex(-1, 0), degree));
        var poles = Array.ConvertAll(Poles, pole => (twiceRate + pole) / (twiceRate - pole));
        var gain = Gain * (Product(Zeros, twiceRate, negate: true) / Product(Poles, twiceRate, negate: true)).Real;
        return new ZeroPoleGain([.. zeros], poles, gain);
    }

    private int RelativeDegree
    {
        get
        {
            var degree = Poles.Length - Zeros.Length;
            return degree >= 0
                ? degree
                : throw new InvalidOperationException("Improper transfer function: it must have at least as many poles as zeros.");
        }
    }

    /// <summary>Each root r becomes the pair r ± sqrt(r² − centre²); all "+" roots first, then all "−" roots.</summary>
    private static Complex[] SplitAroundCentre(Complex[] roots, double centre)
    {
        var split = new Complex[roots.Length * 2];
        var centreSquared = centre * centre;
        for (var i = 0; i < roots.Length; i++)
        {
            var offset = Complex.Sqrt((roots[i] * roots[i]) - centreSquared);
            split[i] = roots[i] + offset;
            split[roots.Length + i] = roots[i] - offset;
        }

        return split;
    }

    /// <summary>∏ (scale · r) — or ∏ (shift − r) when <paramref name="negate"/>.</summary>
    private static Complex Product(Complex[] roots, double scaleOrShift, bool negate = false)
    {
        var product = Complex.One;
        foreach (var root in roots)
        {
            product *= negate ? scaleOrShift - root : scaleOrShift * root;
        }

        return product;
    }
}
