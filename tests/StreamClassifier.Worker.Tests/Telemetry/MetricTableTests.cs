using System.Text.RegularExpressions;
using StreamClassifier.Testing;
using StreamClassifier.Worker.Tests.Deploy;

namespace StreamClassifier.Worker.Tests.Telemetry;

/// <summary>docs/operations.md's metric table lists exactly the metrics a real scrape exports.</summary>
[Collection(TelemetryCollection.Name)]
public sealed partial class MetricTableTests
{
    // Ours, the OTel messaging ones, and the .NET runtime and process instrumentation's.
    private static readonly string[] DocumentedPrefixes = ["streamclassifier_", "messaging_", "dotnet_", "process_"];

    [Fact]
    public void The_operations_metric_table_and_a_scrape_with_every_series_name_the_same_metrics()
    {
        var scraped = DashboardTests.ScrapeWithEverySeries();

        // A histogram is documented by its base name; a plain metric may end in _count itself (dotnet_timer_count).
        var histograms = scraped.Where(name => name.EndsWith("_bucket", StringComparison.Ordinal)).Select(name => name[..^"_bucket".Length]).ToHashSet(StringComparer.Ordinal);
        var exported = scraped
            .Where(name => DocumentedPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            .Select(name => HistogramSuffix().Replace(name, string.Empty) is var stem && histograms.Contains(stem) ? stem : name)
            .ToHashSet(StringComparer.Ordinal);
        var documented = DocumentedMetrics();

        // A broken table reader must not make this pass vacuously.
        Assert.True(documented.Count >= 20, $"only {documented.Count} metrics read from the table: {string.Join(", ", documented)}");
        var undocumented = exported.Except(documented).Order().ToList();
        Assert.True(undocumented.Count == 0, $"Exported but missing from docs/operations.md's metric table: {string.Join(", ", undocumented)}");
        var notExported = documented.Except(exported).Order().ToList();
        Assert.True(notExported.Count == 0, $"In docs/operations.md's metric table but not in a scrape with every instrument fed: {string.Join(", ", notExported)}");
        Assert.Contains("streamclassifier_alerts_already_published_total", documented);
        Assert.Contains("streamclassifier_dead_letters_already_published_total", documented);
    }

    /// <summary>The first column of the table in the "## Metrics" section.</summary>
    private static HashSet<string> DocumentedMetrics()
    {
        var text = File.ReadAllText(SharedPaths.Repo("docs", "operations.md"));
        var start = text.IndexOf("\n## Metrics\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/operations.md has no '## Metrics' section");
        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? text[start..] : text[start..end];
        return TableRow().Matches(section).Select(match => match.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^\| `(?<name>[a-z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();
}
