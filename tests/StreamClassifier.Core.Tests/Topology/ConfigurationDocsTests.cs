using System.Text.RegularExpressions;

using StreamClassifier.Core.Topology;
using StreamClassifier.Testing;

namespace StreamClassifier.Core.Tests.Topology;

/// <summary>Holds docs/configuration.md and the loader's schema together, in both directions.</summary>
public partial class ConfigurationDocsTests
{
    private static readonly string DocsPath = SharedPaths.Repo("docs", "configuration.md");

    // Rows of the "| Key | Type | Default | Meaning |" tables: the key path in backticks in the first cell.
    private static IReadOnlyList<string> DocumentedKeyPaths()
    {
        var paths = new List<string>();
        var inKeyTable = false;
        foreach (var line in File.ReadLines(DocsPath))
        {
            if (line.StartsWith("| Key |", StringComparison.Ordinal))
            {
                inKeyTable = true;
                continue;
            }

            if (!line.StartsWith('|'))
            {
                inKeyTable = false;
                continue;
            }

            if (inKeyTable && KeyCell().Match(line) is { Success: true } match)
            {
                paths.Add(match.Groups["path"].Value);
            }
        }

        return paths;
    }

    [Fact]
    public void Every_key_the_loader_accepts_is_documented()
    {
        var documented = DocumentedKeyPaths().ToHashSet(StringComparer.Ordinal);

        var undocumented = TopologySchema.AllKeyPaths.Where(path => !documented.Contains(path)).ToArray();

        Assert.True(undocumented.Length == 0, $"docs/configuration.md lacks a '| `path` | ...' row for: {string.Join(", ", undocumented)}");
    }

    [Fact]
    public void Every_documented_key_is_accepted_by_the_loader()
    {
        var accepted = TopologySchema.AllKeyPaths.ToHashSet(StringComparer.Ordinal);

        var stale = DocumentedKeyPaths().Where(path => !accepted.Contains(path)).ToArray();

        Assert.NotEmpty(DocumentedKeyPaths());
        Assert.True(stale.Length == 0, $"docs/configuration.md documents keys the loader rejects: {string.Join(", ", stale)}");
    }

    [Fact]
    public void Each_key_is_documented_once()
    {
        var duplicates = DocumentedKeyPaths().GroupBy(path => path, StringComparer.Ordinal).Where(group => group.Count() > 1).Select(group => group.Key).ToArray();

        Assert.Empty(duplicates);
    }

    [Fact]
    public void Every_enumeration_value_is_documented()
    {
        var text = File.ReadAllText(DocsPath);
        IEnumerable<string> values =
        [
            .. TopologySchema.DeliveryModes.Select(choice => choice.Key),
            .. TopologySchema.RecordFormats.Select(choice => choice.Key),
            .. TopologySchema.FilterKinds.Select(choice => choice.Key),
            .. TopologySchema.NormalizationKinds.Select(choice => choice.Key),
            .. TopologySchema.InputLayouts.Select(choice => choice.Key),
            .. TopologySchema.OutputKinds.Select(choice => choice.Key),
        ];

        Assert.All(values, value => Assert.Contains($"`{value}`", text, StringComparison.Ordinal));
    }

    [Fact]
    public void The_documented_filter_parameters_match_the_loader()
    {
        var text = File.ReadAllText(DocsPath);

        foreach (var (kind, parameters) in TopologySchema.FilterParameters)
        {
            var name = TopologySchema.FilterKinds.Single(choice => choice.Value == kind).Key;
            var row = text.Split('\n').Single(line => line.StartsWith("| `", StringComparison.Ordinal) && line.Contains($"`{name}`", StringComparison.Ordinal) && line.Contains("| `", StringComparison.Ordinal) && !line.Contains("streams[]", StringComparison.Ordinal));
            Assert.Equal(string.Join(", ", parameters.Select(parameter => $"`{parameter}`")), row.Split('|')[2].Trim());
        }
    }

    [Fact]
    public void Every_variable_the_shipped_topologies_read_is_documented()
    {
        var text = File.ReadAllText(DocsPath);
        var variables = Directory.EnumerateFiles(SharedPaths.Repo("topologies"), "*.yaml")
            .SelectMany(path => TopologyLoader.FindEnvironmentReferences(File.ReadAllText(path)))
            .Select(found => found.Reference.Name)
            .Distinct(StringComparer.Ordinal)
            .ToArray();

        Assert.NotEmpty(variables);
        Assert.All(variables, variable => Assert.Contains($"| `{variable}` |", text, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^\|\s*`(?<path>[a-z_\[\].]+)`\s*\|")]
    private static partial Regex KeyCell();
}
