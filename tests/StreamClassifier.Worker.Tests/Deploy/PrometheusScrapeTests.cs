using System.Globalization;
using System.Text.Json;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Testing;
using StreamClassifier.Worker.Tests.Telemetry;
using YamlDotNet.RepresentationModel;

namespace StreamClassifier.Worker.Tests.Deploy;

/// <summary>
/// A real Prometheus on loopback scrapes a running worker (a broker in the test process, the demo
/// topology, the sample recording replayed) and evaluates every Grafana dashboard query and every
/// alerting rule through its HTTP API; the compose healthcheck command probes the same worker.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class PrometheusScrapeTests : IDisposable
{
    /// <summary>The install command for the Prometheus tools on Debian (what <c>.ci/run</c> runs).</summary>
    internal const string PrometheusInstall = "apt-get update && apt-get install -y prometheus";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string folder = Directory.CreateTempSubdirectory("sc-prometheus-").FullName;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [SkippableFact]
    public void Prometheus_scrapes_a_running_worker_and_evaluates_every_dashboard_query_and_alert_rule()
    {
        var prometheusPath = TestRequirement.RequireTool("prometheus", PrometheusInstall);
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 1);
        cluster.CreateTopic("sensors.ecg", partitions: 2);
        cluster.CreateTopic("alerts.ecg", partitions: 1);
        cluster.CreateTopic("sensors.ecg.dlq", partitions: 1);

        var workerPort = TelemetryHarness.FreePort();
        using var worker = ProcessRun.Start("dotnet", [WorkerDll, "run", "--topology", DemoTopologyInTemp(), "--listen", $"127.0.0.1:{workerPort}"], new Dictionary<string, string> { ["KAFKA_BOOTSTRAP"] = cluster.BootstrapServers, ["DOTNET_gcServer"] = "0" });
        var replay = ProcessRun.Run("dotnet", [WorkerDll, "replay", "--bootstrap", cluster.BootstrapServers, "--topic", "sensors.ecg", "--input", SharedPaths.Repo("samples", "ecg-heldout-30s.csv")], TimeSpan.FromMinutes(2));
        Assert.True(replay.ExitCode == 0, $"replay failed:\n{replay.Output}");
        var workerMetrics = new Uri($"http://127.0.0.1:{workerPort}/metrics");
        WaitFor(() => ScrapedValue(workerMetrics, "streamclassifier_windows_scored_total") > 0, "the worker to score windows", worker);

        // The compose healthcheck's own command, pointed at this worker's port, finds it ready.
        var probe = ComposeHealthcheck().Replace("9464", workerPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        WaitFor(() => ProcessRun.Run("bash", ["-c", probe], TimeSpan.FromSeconds(30)).ExitCode == 0, "the compose healthcheck to pass", worker);

        var prometheusPort = TelemetryHarness.FreePort();
        using var prometheus = ProcessRun.Start(prometheusPath, [$"--config.file={WritePrometheusConfig(workerPort)}", $"--storage.tsdb.path={Path.Combine(folder, "data")}", $"--web.listen-address=127.0.0.1:{prometheusPort}"]);
        var api = new Uri($"http://127.0.0.1:{prometheusPort}/api/v1/");
        WaitFor(() => Listening(api) && Query(api, "count_over_time(up{job=\"streamclassifier\"}[1m]) >= 3", prometheus) is { Count: 1 }, "three scrapes of the worker", prometheus);
        Assert.Equal("1", Query(api, "up{job=\"streamclassifier\"}", prometheus)[0].GetProperty("value")[1].GetString());

        var scraped = PrometheusText.Parse(Get(workerMetrics)).Select(sample => sample.Name).ToHashSet(StringComparer.Ordinal);
        var expressions = DashboardTests.Expressions();
        Assert.True(expressions.Count >= 20, $"only {expressions.Count} dashboard queries found");
        var empty = new List<string>();
        foreach (var expression in expressions)
        {
            // Grafana's $__rate_interval is at least four scrape intervals.
            var result = Query(api, expression.Replace("$__rate_interval", "30s", StringComparison.Ordinal), prometheus);
            if (result.Count == 0 && PromQl.MetricNames(expression).All(scraped.Contains))
            {
                empty.Add(expression);
            }
        }

        Assert.True(empty.Count == 0, $"Dashboard queries over metrics the worker exports returned nothing:\n{string.Join("\n", empty)}");
        WaitFor(() => AllRulesEvaluated(api, prometheus), "every alerting rule to be evaluated", prometheus);
    }

    public void Dispose()
    {
        http.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private static string WorkerDll => Path.Combine(AppContext.BaseDirectory, "streamclassifier.dll");

    /// <summary>topologies/ecg-demo.yaml with its model path absolute and its JSONL sink in the temp folder.</summary>
    private string DemoTopologyInTemp()
    {
        var yaml = File.ReadAllText(SharedPaths.Repo("topologies", "ecg-demo.yaml"));
        var changed = yaml
            .Replace("path: models/ecg-pvc.onnx", $"path: \"{SharedPaths.Repo("models", "ecg-pvc.onnx")}\"", StringComparison.Ordinal)
            .Replace("jsonl: out/alerts.jsonl", $"jsonl: \"{Path.Combine(folder, "alerts.jsonl")}\"", StringComparison.Ordinal);
        Assert.Equal(2, changed.Split('\n').Zip(yaml.Split('\n')).Count(pair => pair.First != pair.Second));
        var path = Path.Combine(folder, "ecg-demo.yaml");
        File.WriteAllText(path, changed);
        return path;
    }

    private string WritePrometheusConfig(int workerPort)
    {
        var path = Path.Combine(folder, "prometheus.yml");
        File.WriteAllText(path, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - "{SharedPaths.Repo("deploy", "prometheus", "alerts.yml")}"
            scrape_configs:
              - job_name: streamclassifier
                metrics_path: /metrics
                static_configs:
                  - targets: ["127.0.0.1:{workerPort}"]
            """);
        return path;
    }

    private static string ComposeHealthcheck()
    {
        var services = (YamlMappingNode)DashboardTests.LoadYaml(SharedPaths.Repo("docker-compose.yml"))["services"];
        var test = ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)services["worker"])["healthcheck"])["test"]).Select(node => ((YamlScalarNode)node).Value!).ToList();
        Assert.Equal(["CMD", "bash", "-c"], test[..3]);
        Assert.Contains("/readyz", test[3], StringComparison.Ordinal);
        return test[3];
    }

    private List<JsonElement> Query(Uri api, string expression, ProcessRun prometheus)
    {
        using var response = http.GetAsync(new Uri(api, "query?query=" + Uri.EscapeDataString(expression))).GetAwaiter().GetResult();
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        Assert.True(response.IsSuccessStatusCode, $"Prometheus rejected '{expression}': {(int)response.StatusCode} {body}\n{prometheus.Output}");
        using var document = JsonDocument.Parse(body);
        Assert.Equal("success", document.RootElement.GetProperty("status").GetString());
        return [.. document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(element => element.Clone())];
    }

    private bool AllRulesEvaluated(Uri api, ProcessRun prometheus)
    {
        using var document = JsonDocument.Parse(Get(new Uri(api, "rules")));
        var rules = document.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray().SelectMany(group => group.GetProperty("rules").EnumerateArray()).ToList();
        Assert.Equal(5, rules.Count);
        foreach (var rule in rules)
        {
            var health = rule.GetProperty("health").GetString();
            Assert.True(health is "ok" or "unknown", $"rule {rule.GetProperty("name").GetString()} is {health}: {(rule.TryGetProperty("lastError", out var error) ? error.GetString() : string.Empty)}\n{prometheus.Output}");
        }

        return rules.All(rule => rule.GetProperty("health").GetString() == "ok");
    }

    private bool Listening(Uri api)
    {
        try
        {
            using var response = http.GetAsync(new Uri(api, "status/buildinfo")).GetAwaiter().GetResult();
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private double ScrapedValue(Uri metrics, string name)
    {
        try
        {
            return PrometheusText.Parse(Get(metrics)).Where(sample => sample.Name == name).Sum(sample => sample.Value);
        }
        catch (HttpRequestException)
        {
            return 0; // not listening yet
        }
    }

    private string Get(Uri uri) => http.GetStringAsync(uri).GetAwaiter().GetResult();

    private static void WaitFor(Func<bool> condition, string what, ProcessRun process)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(process.HasExited, $"the process exited while waiting for {what}:\n{process.Output}");
            Assert.True(clock.Elapsed < Patience, $"waited {Patience.TotalSeconds} s for {what}. Output:\n{process.Output}");
            Thread.Sleep(250);
        }
    }
}
