using StreamClassifier.Testing;
using StreamClassifier.Worker.Tests.Telemetry;
using YamlDotNet.RepresentationModel;

namespace StreamClassifier.Worker.Tests.Deploy;

/// <summary>deploy/prometheus/alerts.yml: accepted by promtool, its unit tests pass, and it alerts only on exported metrics.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class AlertRulesTests
{
    private static readonly string PrometheusFolder = SharedPaths.Repo("deploy", "prometheus");

    [SkippableFact]
    public void Promtool_accepts_the_rules_and_the_scrape_config_and_the_rule_unit_tests_pass()
    {
        var promtool = TestRequirement.RequireTool("promtool", PrometheusScrapeTests.PrometheusInstall);
        foreach (var arguments in new[] { new[] { "check", "rules", "alerts.yml" }, ["check", "config", "prometheus.yml"], ["test", "rules", "alerts.test.yml"] })
        {
            var (exitCode, output) = ProcessRun.Run(promtool, arguments, TimeSpan.FromMinutes(2), PrometheusFolder);
            Assert.True(exitCode == 0, $"promtool {string.Join(' ', arguments)} exited with {exitCode}:\n{output}");
            Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_rules_cover_what_operators_need_and_query_only_exported_metrics()
    {
        var rules = Rules();
        Assert.Equal(
            ["StreamClassifierConsumerLagGrowing", "StreamClassifierDeadLetters", "StreamClassifierModelSwapRejected", "StreamClassifierNoWindowsScored", "StreamClassifierWorkerDown"],
            rules.Select(rule => rule.Name).Order(StringComparer.Ordinal));

        var exported = DashboardTests.ScrapeWithEverySeries();
        exported.Add("up"); // Prometheus's own per-target series
        foreach (var (name, expression) in rules)
        {
            var names = PromQl.MetricNames(expression);
            Assert.NotEmpty(names);
            var missing = names.Where(metric => !exported.Contains(metric)).ToList();
            Assert.True(missing.Count == 0, $"{name} queries {string.Join(", ", missing)}, which the worker does not export.");
        }

        // Every alert has a unit test of its own.
        var unitTests = File.ReadAllText(Path.Combine(PrometheusFolder, "alerts.test.yml"));
        Assert.All(rules, rule => Assert.Contains($"alertname: {rule.Name}", unitTests, StringComparison.Ordinal));
    }

    [Fact]
    public void Prometheus_loads_the_rules_and_compose_mounts_them_beside_the_config()
    {
        var config = DashboardTests.LoadYaml(Path.Combine(PrometheusFolder, "prometheus.yml"));
        Assert.Equal(["alerts.yml"], ((YamlSequenceNode)config["rule_files"]).Select(node => ((YamlScalarNode)node).Value));
        var compose = File.ReadAllText(SharedPaths.Repo("docker-compose.yml"));
        Assert.Contains("./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro", compose, StringComparison.Ordinal);
        Assert.Contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro", compose, StringComparison.Ordinal);
    }

    private static List<(string Name, string Expression)> Rules()
    {
        var root = DashboardTests.LoadYaml(Path.Combine(PrometheusFolder, "alerts.yml"));
        return [.. ((YamlSequenceNode)root["groups"])
            .Cast<YamlMappingNode>()
            .SelectMany(group => ((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>())
            .Select(rule => (((YamlScalarNode)rule["alert"]).Value!, ((YamlScalarNode)rule["expr"]).Value!))];
    }
}
