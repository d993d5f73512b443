using System.Text.Json;

using StreamClassifier.Core.Topology;
using StreamClassifier.Testing;

namespace StreamClassifier.Dsp.Tests.Golden;

/// <summary>One scipy reference filter: its spec, sos rows and (optionally) sosfilt output.</summary>
public sealed record GoldenFilterCase(string Name, double SampleRateHz, FilterSpec Spec, double[][] Sos, double[][]? Input, double[][]? CausalOutput)
{
    public override string ToString() => Name;

    /// <summary>The scipy reference file, tests/Fixtures/reference/dsp/filters.json.</summary>
    public static IReadOnlyList<GoldenFilterCase> Shared => LazyShared.Value;

    /// <summary>This project's extra references, Golden/scipy_filters.json (see generate.py).</summary>
    public static IReadOnlyList<GoldenFilterCase> Extra => LazyExtra.Value;

    private static readonly Lazy<IReadOnlyList<GoldenFilterCase>> LazyShared = new(() => Load(SharedPaths.Reference("dsp", "filters.json")));

    private static readonly Lazy<IReadOnlyList<GoldenFilterCase>> LazyExtra = new(() =>
        Load(SharedPaths.Repo("tests", "StreamClassifier.Dsp.Tests", "Golden", "scipy_filters.json")));

    public static TheoryData<string> Names(IReadOnlyList<GoldenFilterCase> cases, bool withOutput = false)
    {
        var names = new TheoryData<string>();
        foreach (var golden in cases.Where(c => !withOutput || c.CausalOutput is not null))
        {
            names.Add(golden.Name);
        }

        return names;
    }

    private static List<GoldenFilterCase> Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var cases = new List<GoldenFilterCase>();
        foreach (var element in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            cases.Add(new GoldenFilterCase(
                element.GetProperty("name").GetString()!,
                element.GetProperty("sample_rate_hz").GetDouble(),
                ReadSpec(element.GetProperty("filter")),
                ReadMatrix(element.GetProperty("sos")),
                element.TryGetProperty("input", out var input) ? ReadMatrix(input) : null,
                element.TryGetProperty("causal_output", out var output) ? ReadMatrix(output) : null));
        }

        return cases;
    }

    private static FilterSpec ReadSpec(JsonElement filter)
    {
        if (filter.GetProperty("kind").GetString() == "notch")
        {
            return FilterSpec.Notch(filter.GetProperty("freq").GetDouble(), filter.GetProperty("q").GetDouble());
        }

        var order = filter.GetProperty("order").GetInt32();
        var cutoff = filter.GetProperty("cutoff");
        return filter.GetProperty("btype").GetString() switch
        {
            "lowpass" => FilterSpec.Lowpass(cutoff.GetDouble(), order),
            "highpass" => FilterSpec.Highpass(cutoff.GetDouble(), order),
            "bandpass" => FilterSpec.Bandpass(cutoff[0].GetDouble(), cutoff[1].GetDouble(), order),
            "bandstop" => FilterSpec.Bandstop(cutoff[0].GetDouble(), cutoff[1].GetDouble(), order),
            var other => throw new InvalidDataException($"Unknown btype {other}"),
        };
    }

    /// <summary>A matrix, or a flat array read as one column.</summary>
    private static double[][] ReadMatrix(JsonElement array) =>
        [.. array.EnumerateArray().Select(row => row.ValueKind == JsonValueKind.Array
            ? row.EnumerateArray().Select(value => value.GetDouble()).ToArray()
            : [row.GetDouble()])];
}
