using System.Text.Json;

using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Filters;
using StreamClassifier.Testing;

namespace StreamClassifier.Dsp.Tests.Filters;

/// <summary>Whole topology chains (several stages, two channels) against scipy's cascaded sos and sosfilt.</summary>
public sealed class FilterChainScipyChainTests
{
    private static readonly Lazy<IReadOnlyList<ChainCase>> LazyChains = new(Load);

    public static TheoryData<string, int> ChainsByChunk
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var chain in LazyChains.Value)
            {
                foreach (var chunk in new[] { 1, 7, 64, 0 })
                {
                    data.Add(chain.Name, chunk);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ChainsByChunk))]
    public void Chain_sections_and_streaming_output_match_scipy(string name, int chunkRows)
    {
        var golden = LazyChains.Value.Single(c => c.Name == name);
        var chain = FilterChain.Create(golden.Specs, golden.SampleRateHz);

        var expectedSections = golden.Sos.SelectMany(row => row).ToArray();
        var sections = chain.Sections.Coefficients.ToArray();
        Assert.Equal(expectedSections.Length, sections.Length);
        for (var i = 0; i < sections.Length; i++)
        {
            Assert.True(Math.Abs(sections[i] - expectedSections[i]) <= 1e-9, $"{name}: coefficient {i} = {sections[i]:R}, scipy {expectedSections[i]:R}");
        }

        var channels = golden.Input[0].Length;
        var rows = golden.Input.Length;
        var samples = golden.Input.SelectMany(row => row).ToArray();
        var state = chain.CreateState(channels);
        var step = chunkRows == 0 ? rows : chunkRows;
        for (var start = 0; start < rows; start += step)
        {
            state.Process(samples.AsSpan(start * channels, Math.Min(step, rows - start) * channels));
        }

        var expected = golden.Output.SelectMany(row => row).ToArray();
        var worst = samples.Zip(expected, (actual, wanted) => Math.Abs(actual - wanted)).Max();
        Assert.True(worst <= 1e-6, $"{name} in chunks of {step}: worst |Δ| = {worst:E2}");
    }

    private sealed record ChainCase(string Name, double SampleRateHz, FilterSpec[] Specs, double[][] Sos, double[][] Input, double[][] Output);

    private static List<ChainCase> Load()
    {
        var path = SharedPaths.Repo("tests", "StreamClassifier.Dsp.Tests", "Golden", "scipy_filters.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return [.. document.RootElement.GetProperty("chains").EnumerateArray().Select(chain => new ChainCase(
            chain.GetProperty("name").GetString()!,
            chain.GetProperty("sample_rate_hz").GetDouble(),
            [.. chain.GetProperty("filters").EnumerateArray().Select(Spec)],
            Matrix(chain.GetProperty("sos")),
            Matrix(chain.GetProperty("input")),
            Matrix(chain.GetProperty("causal_output"))))];
    }

    /// <summary>A stage written with the topology's keys.</summary>
    private static FilterSpec Spec(JsonElement stage)
    {
        double Value(string key) => stage.GetProperty(key).GetDouble();
        int Order() => stage.GetProperty("order").GetInt32();
        return stage.GetProperty("type").GetString() switch
        {
            "lowpass" => FilterSpec.Lowpass(Value("cutoff_hz"), Order()),
            "highpass" => FilterSpec.Highpass(Value("cutoff_hz"), Order()),
            "bandpass" => FilterSpec.Bandpass(Value("low_hz"), Value("high_hz"), Order()),
            "bandstop" => FilterSpec.Bandstop(Value("low_hz"), Value("high_hz"), Order()),
            "notch" => FilterSpec.Notch(Value("freq_hz"), Value("q")),
            var other => throw new InvalidDataException($"Unknown filter type {other}"),
        };
    }

    private static double[][] Matrix(JsonElement array) =>
        [.. array.EnumerateArray().Select(row => row.EnumerateArray().Select(value => value.GetDouble()).ToArray())];
}
