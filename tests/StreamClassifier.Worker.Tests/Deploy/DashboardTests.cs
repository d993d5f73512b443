using StreamClassifier.Kafka.Worker;
using System.Text.Json;
using Confluent.Kafka;
using StreamClassifier.Core.Records;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Testing;
using StreamClassifier.Worker.Telemetry;
using StreamClassifier.Worker.Tests.Telemetry;
using YamlDotNet.RepresentationModel;

namespace StreamClassifier.Worker.Tests.Deploy;

/// <summary>The Grafana dashboard queries only metrics the worker really exports (scraped over HTTP).</summary>
[Collection(TelemetryCollection.Name)]
public sealed class DashboardTests
{
    private static readonly string DashboardPath = SharedPaths.Repo("deploy", "grafana", "dashboards", "streamclassifier.json");

    [Fact]
    public void Every_metric_the_dashboard_queries_is_in_a_real_scrape()
    {
        var scraped = ScrapeWithEverySeries();
        var queried = Expressions().SelectMany(PromQl.MetricNames).ToHashSet(StringComparer.Ordinal);

        // The extraction found the panels' metrics (a broken extractor must not make this pass vacuously).
        Assert.True(queried.Count >= 22, $"only {queried.Count} metric names found: {string.Join(", ", queried)}");
        var missing = queried.Where(name => !scraped.Contains(name)).Order().ToList();
        Assert.True(missing.Count == 0, $"The dashboard queries metrics the worker does not export: {string.Join(", ", missing)}. Exported: {string.Join(", ", scraped.Order())}");

        // What operators need is on the dashboard.
        foreach (var required in new[]
        {
            "messaging_client_consumed_messages_total", "streamclassifier_consumer_lag", "streamclassifier_inference_duration_seconds_bucket",
            "streamclassifier_alert_latency_seconds_bucket", "streamclassifier_alerts_total", "streamclassifier_dead_letters_total",
            "streamclassifier_sensors_active", "streamclassifier_batch_size_bucket", "streamclassifier_samples_dropped_total",
            "streamclassifier_records_in_flight", "streamclassifier_commits_total", "streamclassifier_records_skipped_by_broker_total",
            "streamclassifier_alerts_already_published_total", "streamclassifier_dead_letters_already_published_total",
            "streamclassifier_records_skipped_checkpointed_total", "streamclassifier_model_swaps_total", "streamclassifier_model_serving",
        })
        {
            Assert.Contains(required, queried);
        }
    }

    [Fact]
    public void The_extractor_reads_names_not_functions_labels_or_ranges()
    {
        Assert.Equal(
            ["a_bucket"],
            PromQl.MetricNames("histogram_quantile(0.99, sum by (le, job) (rate(a_bucket{job=\"x\", le!=\"+Inf\"}[$__rate_interval])))").Order());
        Assert.Equal(["x_sum", "y_count"], PromQl.MetricNames("sum(rate(x_sum[5m])) / on(instance) sum(rate(y_count[5m] offset 1h))").Order());
    }

    [Fact]
    public void Dashboard_and_provisioning_agree_on_the_datasource_and_folder()
    {
        var datasources = LoadYaml(SharedPaths.Repo("deploy", "grafana", "provisioning", "datasources", "prometheus.yml"));
        var datasource = (YamlMappingNode)((YamlSequenceNode)datasources["datasources"])[0];
        Assert.Equal("http://prometheus:9090", ((YamlScalarNode)datasource["url"]).Value);
        var uid = ((YamlScalarNode)datasource["uid"]).Value;

        using var dashboard = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();
        Assert.True(panels.Count >= 9);
        Assert.All(panels, panel => Assert.Equal(uid, panel.GetProperty("datasource").GetProperty("uid").GetString()));

        var providers = LoadYaml(SharedPaths.Repo("deploy", "grafana", "provisioning", "dashboards", "streamclassifier.yml"));
        var options = (YamlMappingNode)((YamlMappingNode)((YamlSequenceNode)providers["providers"])[0])["options"];
        Assert.Equal("/var/lib/grafana/dashboards", ((YamlScalarNode)options["path"]).Value);
    }

    internal static IReadOnlyList<string> Expressions()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        return [.. dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!)];
    }

    internal static YamlMappingNode LoadYaml(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>
    /// The runtime metrics recorded on events rather than observed: an exception (dotnet.exceptions) and a
    /// garbage collection (dotnet.gc.last_collection.*), so they are in the scrape whatever ran before.
    /// </summary>
    private static void FeedRuntimeInstruments()
    {
        try
        {
            throw new InvalidOperationException("feeds dotnet.exceptions");
        }
        catch (InvalidOperationException)
        {
            // Counted by the runtime when thrown.
        }

        GC.Collect();
    }

    /// <summary>Starts the endpoint with every source attached and some data in every instrument, and returns the scraped sample names.</summary>
    internal static HashSet<string> ScrapeWithEverySeries()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 1);
        cluster.CreateTopic("sensors.test", partitions: 2);
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            producer.Produce(new TopicPartition("sensors.test", 1), new Message<Null, string> { Value = "{}" });
            producer.Flush(TimeSpan.FromSeconds(10));
        }

        using var harness = new TelemetryHarness();
        using var lag = new ConsumerLagMonitor(cluster.BootstrapServers, "test", "sensors.test", () => [0, 1], TimeSpan.FromHours(1));
        lag.Refresh();
        harness.Metrics.AttachLag(lag);
        harness.Drive();
        harness.Metrics.RecordModelSwap("seed_example1", swapped: true);
        harness.Metrics.AttachModels(() => [("seed_example1", "1")]);
        harness.Metrics.RecordAlertDelivered(new AlertDelivery(new AlertRecord
        {
            AlertId = "a", Sensor = "s", State = "raised", Score = 1, Threshold = 0.5, Model = "m", ModelVersion = "1",
            WindowStartMs = 0, WindowEndMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 5, EmittedAtMs = 0, Topology = "t",
        }, TimeSpan.FromMilliseconds(2), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 3));
        FeedRuntimeInstruments();
        var samples = PrometheusText.Parse(harness.Scrape());
        Assert.Contains(samples, sample => sample.Name == "streamclassifier_consumer_lag" && sample.Labels["messaging_destination_partition_id"] == "1" && sample.Value == 1);
        return samples.Select(sample => sample.Name).ToHashSet(StringComparer.Ordinal);
    }
}
