using System.Text.RegularExpressions;

namespace StreamClassifier.Worker.Tests.Telemetry;

/// <summary>A small reader of the Prometheus text exposition: samples as (name, labels, value).</summary>
internal static partial class PrometheusText
{
    public static IReadOnlyList<Sample> Parse(string exposition)
    {
        var samples = new List<Sample>();
        foreach (var line in exposition.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"Not a Prometheus sample line: '{line}'");
            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(pair => pair.Groups["key"].Value, pair => pair.Groups["value"].Value, StringComparer.Ordinal);
            samples.Add(new Sample(match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture)));
        }

        return samples;
    }

    /// <summary>The metric family names: sample names without the histogram suffixes.</summary>
    public static ISet<string> Families(IEnumerable<Sample> samples) =>
        samples.Select(sample => HistogramSuffix().Replace(sample.Name, string.Empty)).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
