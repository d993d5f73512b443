using System.Numerics;

using StreamClassifier.Dsp.Filters;
using StreamClassifier.Dsp.Tests.Golden;

namespace StreamClassifier.Dsp.Tests.Filters;

public sealed class FilterDesignerGoldenTests
{
    private const double CoefficientTolerance = 1e-9;

    public static TheoryData<string> SharedCases => GoldenFilterCase.Names(GoldenFilterCase.Shared);

    public static TheoryData<string> ExtraCases => GoldenFilterCase.Names(GoldenFilterCase.Extra);

    [Theory]
    [MemberData(nameof(SharedCases))]
    public void Shared_reference_sections_match_scipy_within_1e_9(string name) =>
        AssertMatchesScipy(GoldenFilterCase.Shared.Single(c => c.Name == name));

    [Theory]
    [MemberData(nameof(ExtraCases))]
    public void Every_kind_and_order_matches_scipy_within_1e_9(string name) =>
        AssertMatchesScipy(GoldenFilterCase.Extra.Single(c => c.Name == name));

    [Fact]
    public void Extra_references_cover_every_kind_and_order_1_to_8()
    {
        foreach (var kind in new[] { "lowpass", "highpass", "bandpass", "bandstop" })
        {
            for (var order = 1; order <= 8; order++)
            {
                Assert.Contains(GoldenFilterCase.Extra, c => c.Name.StartsWith($"{kind}_order{order}_", StringComparison.Ordinal));
            }
        }
    }

    private static void AssertMatchesScipy(GoldenFilterCase golden)
    {
        var designed = FilterDesigner.Design(golden.Spec, golden.SampleRateHz);

        // Same pairing and order as scipy's zpk2sos: the rows themselves agree, unless scipy's
        // choice of "the pole closest to the unit circle" was a tie decided by rounding (a band
        // symmetric about fs/4 has poles p and -conj(p) of equal magnitude). Then only the
        // response can be compared, as the issue allows.
        Assert.Equal(golden.Sos.Length, designed.SectionCount);
        var worstRow = WorstCoefficientDifference(designed.ToRows(), golden.Sos);
        if (worstRow.Difference > CoefficientTolerance)
        {
            Assert.True(
                HasPairingTie(golden.Sos),
                $"{golden.Name}: sos[{worstRow.Section}][{worstRow.Index}] differs from scipy by {worstRow.Difference:E2} and scipy's pairing had no tie");
        }

        // And therefore the response, on a dense grid from 0 to Nyquist.
        var reference = SecondOrderSections.FromRows(golden.Sos);
        const int points = 2048;
        for (var k = 0; k <= points; k++)
        {
            var frequency = golden.SampleRateHz / 2 * k / points;
            var difference = Complex.Abs(designed.FrequencyResponse(frequency, golden.SampleRateHz) - reference.FrequencyResponse(frequency, golden.SampleRateHz));
            Assert.True(difference <= CoefficientTolerance, $"{golden.Name}: response at {frequency} Hz differs by {difference:E2}");
        }
    }

    private static (double Difference, int Section, int Index) WorstCoefficientDifference(double[][] rows, double[][] reference)
    {
        var worst = (Difference: 0.0, Section: 0, Index: 0);
        for (var section = 0; section < rows.Length; section++)
        {
            for (var i = 0; i < SecondOrderSections.RowLength; i++)
            {
                var difference = Math.Abs(rows[section][i] - reference[section][i]);
                if (difference > worst.Difference)
                {
                    worst = (difference, section, i);
                }
            }
        }

        return worst;
    }

    /// <summary>Two sections whose poles are equally far from the unit circle (to 1e-12).</summary>
    private static bool HasPairingTie(double[][] sos)
    {
        var distances = sos.Select(row => SectionPoles(row[4], row[5]).Select(pole => Math.Abs(1 - Complex.Abs(pole))).ToArray()).ToArray();
        for (var first = 0; first < distances.Length; first++)
        {
            for (var second = first + 1; second < distances.Length; second++)
            {
                if (distances[first].Any(d1 => distances[second].Any(d2 => Math.Abs(d1 - d2) < 1e-12)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Roots of z² + a1·z + a2.</summary>
    private static Complex[] SectionPoles(double a1, double a2)
    {
        var root = Complex.Sqrt((a1 * a1) - (4 * a2));
        return [(-a1 + root) / 2, (-a1 - root) / 2];
    }
}
