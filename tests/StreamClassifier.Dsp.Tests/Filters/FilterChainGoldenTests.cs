using StreamClassifier.Dsp.Filters;
using StreamClassifier.Dsp.Tests.Golden;

namespace StreamClassifier.Dsp.Tests.Filters;

public sealed class FilterChainGoldenTests
{
    private const double OutputTolerance = 1e-6;

    public static TheoryData<string, int> SharedCasesByChunk => ByChunk(GoldenFilterCase.Shared);

    public static TheoryData<string, int> ExtraCasesByChunk => ByChunk(GoldenFilterCase.Extra);

    [Theory]
    [MemberData(nameof(SharedCasesByChunk))]
    public void Streaming_output_matches_scipy_sosfilt_for_any_chunking(string name, int chunkRows) =>
        AssertStreamingMatches(GoldenFilterCase.Shared.Single(c => c.Name == name), chunkRows);

    [Theory]
    [MemberData(nameof(ExtraCasesByChunk))]
    public void Streaming_output_matches_sosfilt_for_every_kind_and_order(string name, int chunkRows) =>
        AssertStreamingMatches(GoldenFilterCase.Extra.Single(c => c.Name == name), chunkRows);

    [Fact]
    public void Designed_chain_of_bandpass_and_notch_equals_the_cascade_of_its_stages()
    {
        var specs = new[] { Core.Topology.FilterSpec.Bandpass(0.5, 40, 4), Core.Topology.FilterSpec.Notch(60, 30) };
        var chain = FilterChain.Create(specs, 360);
        var expected = SecondOrderSections.Concat(specs.Select(spec => FilterDesigner.Design(spec, 360)));
        Assert.Equal(expected.Coefficients.ToArray(), chain.Sections.Coefficients.ToArray());
        Assert.Equal(5, chain.Sections.SectionCount);
    }

    private static TheoryData<string, int> ByChunk(IReadOnlyList<GoldenFilterCase> cases)
    {
        var data = new TheoryData<string, int>();
        foreach (var golden in cases.Where(c => c.CausalOutput is not null))
        {
            // 0 means "all rows at once".
            foreach (var chunk in new[] { 1, 7, 64, 0 })
            {
                data.Add(golden.Name, chunk);
            }
        }

        return data;
    }

    private static void AssertStreamingMatches(GoldenFilterCase golden, int chunkRows)
    {
        var channels = golden.Input![0].Length;
        var rows = golden.Input.Length;
        var samples = golden.Input.SelectMany(row => row).ToArray();
        var chain = FilterChain.Create([golden.Spec], golden.SampleRateHz);
        var state = chain.CreateState(channels);
        var step = chunkRows == 0 ? rows : chunkRows;
        for (var start = 0; start < rows; start += step)
        {
            var count = Math.Min(step, rows - start);
            state.Process(samples.AsSpan(start * channels, count * channels));
        }

        var worst = 0.0;
        for (var row = 0; row < rows; row++)
        {
            for (var channel = 0; channel < channels; channel++)
            {
                worst = Math.Max(worst, Math.Abs(samples[(row * channels) + channel] - golden.CausalOutput![row][channel]));
            }
        }

        Assert.True(worst <= OutputTolerance, $"{golden.Name} in chunks of {step}: worst |Δ| = {worst:E2}");
    }
}
