using System.Globalization;
using System.Net;
using System.Reactive.Concurrency;
using System.Text;
using Confluent.Kafka;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Pipeline;
using StreamClassifier.Testing;
using StreamClassifier.Worker.Models;
using StreamClassifier.Worker.Telemetry;
using StreamClassifier.Worker.Tests.Offline;

namespace StreamClassifier.Worker.Tests.Telemetry;

/// <summary>The wiring <c>run</c> uses, end to end against the in-process mock cluster: a real Kafka worker, scraped over HTTP.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class KafkaWorkerTelemetryTests
{
    [Fact]
    public async Task A_kafka_run_is_ready_once_assigned_and_its_scrape_reconciles_with_the_worker()
    {
        using var fixture = new OfflineFixture();
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 1);
        foreach (var topic in new[] { "sensors.test", "alerts.test", "dlq.test" })
        {
            cluster.CreateTopic(topic, partitions: 2);
        }

        var path = fixture.Path_("kafka.yaml");
        File.WriteAllText(path, OfflineFixture.Topology(SharedPaths.Reference("onnx", "seed_example1.onnx"))
            + "\nsinks:\n  alerts: {kafka: {topic: alerts.test}, console: false}\n  dead_letter: {kafka: {topic: dlq.test}}\n");
        var topology = TopologyLoader.Load(path);
        using var scorers = TopologyScorers.Load(topology);
        using var metrics = new WorkerMetrics();
        var health = new HealthState { ModelsLoaded = true };
        var instrumented = scorers.ByStream.ToDictionary(pair => pair.Key, pair => (IWindowScorer)new InstrumentedScorer(pair.Value, metrics), StringComparer.Ordinal);
        using var scheduler = new EventLoopScheduler();
        using var pipeline = new ClassificationPipeline(topology, instrumented, scheduler);
        metrics.AttachPipeline(pipeline.Counters);
        using var worker = new KafkaWorker(topology, pipeline, new KafkaWorkerOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            CommitInterval = TimeSpan.FromMilliseconds(100),
            AlertDelivered = metrics.RecordAlertDelivered,
        });
        using var lag = new ConsumerLagMonitor(cluster.BootstrapServers, topology.Source.Kafka.Group, "sensors.test", () => worker.AssignedPartitions, TimeSpan.FromHours(1));
        metrics.AttachKafka(worker.Counters, topology.Source.Kafka, "alerts.test");
        metrics.AttachLag(lag);
        health.AddCheck("kafka", () => !lag.BrokerReachable ? "broker not reachable" : worker.AssignedPartitions.Count == 0 ? "no partitions assigned" : null);
        using var endpoint = TelemetryEndpoint.Start(metrics, health, new TelemetrySpec { Listen = $"127.0.0.1:{TelemetryHarness.FreePort()}" });
        using var http = new HttpClient { BaseAddress = endpoint.BaseUri };

        lag.Refresh();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("readyz")).StatusCode);

        var records = Publish(cluster.BootstrapServers);
        using var stop = new CancellationTokenSource();
        var run = new Thread(() => worker.Run(stop.Token)) { Name = "kafka-poll" };
        run.Start();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        bool Settled() => worker.Counters.Consumed == records && worker.InFlight == 0 && worker.Counters.InPipeline == 0 && worker.Counters.Commits > 0 && worker.AssignedPartitions.Count == 2;
        while (DateTime.UtcNow < deadline && !Settled())
        {
            await Task.Delay(50);
        }

        Assert.True(Settled(), $"The worker did not consume, complete and commit all {records} records on 2 partitions within 30 s: {worker.Counters}; in flight {worker.InFlight}; partitions [{string.Join(",", worker.AssignedPartitions)}].");

        lag.Refresh();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("readyz")).StatusCode);
        var samples = PrometheusText.Parse(await http.GetStringAsync("metrics"));
        stop.Cancel();
        Assert.True(run.Join(TimeSpan.FromSeconds(30)), "the worker did not stop");

        double Sum(string name, Func<PrometheusText.Sample, bool>? where = null) => samples.Where(sample => sample.Name == name && (where is null || where(sample))).Sum(sample => sample.Value);
        Assert.Equal(records, Sum("messaging_client_consumed_messages_total"));
        Assert.Equal(1, Sum("streamclassifier_dead_letters_total", sample => sample.Labels["error_type"] == "malformed"));
        Assert.Equal(1, Sum("streamclassifier_dead_letters_total"));
        Assert.Equal(records - 1, Sum("streamclassifier_records_total"));
        // The reconciliation holds in the scrape: consumed = pipeline records + dead letters + skipped (none skipped: nothing was restored).
        Assert.Equal(0, Sum("streamclassifier_records_skipped_checkpointed_total"));
        Assert.Equal(Sum("messaging_client_consumed_messages_total"), Sum("streamclassifier_records_total") + Sum("streamclassifier_dead_letters_total") + Sum("streamclassifier_records_skipped_checkpointed_total"));
        Assert.Equal(0, Sum("streamclassifier_records_in_flight"));
        Assert.InRange(Sum("streamclassifier_commits_total"), 1.0, worker.Counters.Commits);
        // At-least-once: the exactly-once read-back never withholds anything.
        Assert.Equal(0, Sum("streamclassifier_alerts_already_published_total"));
        Assert.Equal(0, Sum("streamclassifier_dead_letters_already_published_total"));
        Assert.True(Sum("streamclassifier_windows_scored_total") > 0);
        Assert.Equal(Sum("streamclassifier_batch_size_sum"), Sum("streamclassifier_windows_scored_total"));
        Assert.Equal(Sum("messaging_client_sent_messages_total"), Sum("streamclassifier_alert_latency_seconds_count"));
        Assert.Equal(Sum("messaging_client_sent_messages_total"), Sum("streamclassifier_alert_record_latency_seconds_count"));
        Assert.Equal(Sum("messaging_client_sent_messages_total"), Sum("streamclassifier_alert_window_latency_seconds_count"));
        Assert.Equal(worker.Counters.AlertsAcknowledged, Sum("messaging_client_sent_messages_total"));
        Assert.True(worker.Counters.AlertsAcknowledged > 0, "the data raises alerts, so the latency histogram is exercised");
        Assert.Equal(["0", "1"], samples.Where(sample => sample.Name == "streamclassifier_consumer_lag").Select(sample => sample.Labels["messaging_destination_partition_id"]).Order());

        // Nothing was deleted before it was read; the series is there from the start, labelled with the source topic only.
        var skippedByBroker = Assert.Single(samples, sample => sample.Name == "streamclassifier_records_skipped_by_broker_total");
        Assert.Equal((0.0, "sensors.test"), (skippedByBroker.Value, skippedByBroker.Labels["messaging_destination_name"]));
    }

    /// <summary>Publishes 4 sensors × 8 chunks of 50 samples (JSON, timestamps from now) and one malformed record.</summary>
    private static int Publish(string bootstrap)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrap }).Build();
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 4000;
        var count = 0;
        for (var sensor = 0; sensor < 4; sensor++)
        {
            for (var chunk = 0; chunk < 8; chunk++)
            {
                var values = Enumerable.Range(chunk * 50, 50).Select(index => (Math.Sin(index * 0.2 * (sensor + 1)) + (index % 40 == 0 ? 4 : 0)).ToString("R", CultureInfo.InvariantCulture));
                var json = new StringBuilder()
                    .Append(CultureInfo.InvariantCulture, $"{{\"sensor\":\"ecg-{sensor}\",\"t0_ms\":{start + (chunk * 500)},\"rate_hz\":100,\"samples\":[")
                    .AppendJoin(',', values).Append("]}").ToString();
                producer.Produce("sensors.test", new Message<string, string> { Key = $"ecg-{sensor}", Value = json });
                count++;
            }
        }

        producer.Produce("sensors.test", new Message<string, string> { Key = "ecg-0", Value = "{not json" });
        producer.Flush(TimeSpan.FromSeconds(10));
        return count + 1;
    }
}
