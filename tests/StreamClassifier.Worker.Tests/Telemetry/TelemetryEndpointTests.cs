using System.Net;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Codecs;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Worker.Telemetry;

namespace StreamClassifier.Worker.Tests.Telemetry;

/// <summary>The /metrics, /healthz and /readyz endpoint over real HTTP, with the real instruments.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryEndpointTests
{
    [Fact]
    public void Metrics_carry_the_pipeline_totals_with_bounded_labels()
    {
        using var harness = new TelemetryHarness();
        var events = harness.Drive();
        var scored = events.OfType<WindowScored>().Count();
        Assert.True(scored > 0);

        var samples = PrometheusText.Parse(harness.Scrape());
        double Value(string name, string? label = null, string? value = null) => samples.Single(sample =>
            sample.Name == name && (label is null || (sample.Labels.TryGetValue(label, out var found) && found == value))).Value;

        var counters = harness.Pipeline.Counters;
        Assert.Equal(counters.Records, Value("streamclassifier_records_total"));
        Assert.Equal(counters.SamplesIn, Value("streamclassifier_samples_total"));
        Assert.Equal(counters.Windows, Value("streamclassifier_windows_total"));
        Assert.Equal(scored, Value("streamclassifier_windows_scored_total"));
        Assert.Equal(counters.Alerts(AlertState.Raised), Value("streamclassifier_alerts_total", "streamclassifier_alert_state", "raised"));
        Assert.Equal(counters.Alerts(AlertState.Cleared), Value("streamclassifier_alerts_total", "streamclassifier_alert_state", "cleared"));
        var dropped = samples.Where(sample => sample.Name == "streamclassifier_samples_dropped_total").ToList();
        Assert.Equal(Enum.GetValues<DropReason>().Select(WorkerMetrics.WireName).Order(), dropped.Select(sample => sample.Labels["streamclassifier_drop_reason"]).Order());
        Assert.Equal(counters.SamplesDropped, dropped.Sum(sample => sample.Value));
        Assert.True(counters.SamplesDropped > 0, "the late chunk is a counted drop");
        Assert.Equal(counters.ActiveSensors, Value("streamclassifier_sensors_active"));

        // Histograms: one observation per scoring batch, windows summed in the batch-size histogram.
        Assert.Equal(counters.Batches, Value("streamclassifier_inference_duration_seconds_count", "streamclassifier_model_name", "seed_example1"));
        Assert.Equal(scored, Value("streamclassifier_batch_size_sum", "streamclassifier_model_name", "seed_example1"));
        Assert.Contains(samples, sample => sample.Name == "streamclassifier_inference_duration_seconds_bucket" && sample.Labels["le"] == "0.005");

        // Kafka totals carry the OpenTelemetry messaging attributes.
        var consumed = samples.Single(sample => sample.Name == "messaging_client_consumed_messages_total");
        Assert.Equal("kafka", consumed.Labels["messaging_system"]);
        Assert.Equal("sensors.test", consumed.Labels["messaging_destination_name"]);
        Assert.Equal("test", consumed.Labels["messaging_consumer_group_name"]);
        Assert.Equal(12, samples.Count(sample => sample.Name == "streamclassifier_dead_letters_total"));
        Assert.Contains(samples, sample => sample.Name == "streamclassifier_dead_letters_total" && sample.Labels["error_type"] == "malformed");

        // Never a sensor id in a label.
        Assert.DoesNotContain(samples, sample => sample.Labels.Values.Any(value => value.StartsWith("ecg-", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_kafka_worker_total_is_exported_under_its_own_name_with_its_topic_labels()
    {
        using var harness = new TelemetryHarness();
        var counters = harness.KafkaCounters;

        // A distinct value per total, so a metric reading the wrong counter cannot pass.
        Repeat(12, counters.AddConsumed);
        Repeat(7, counters.AddDecoded);
        Repeat(2, counters.AddChunkCompleted);
        Repeat(2, counters.AddSkipped);
        Repeat(2, () => counters.AddDeadLetter(DecodeErrorKind.Malformed));
        counters.AddDeadLetter(DecodeErrorKind.Empty);
        counters.AddDeadLetterAlreadyPublished();
        Repeat(9, counters.AddAlertSent);
        Repeat(8, counters.AddAlertAcknowledged);
        Repeat(4, counters.AddAlertAlreadyPublished);
        Repeat(6, counters.AddCommit);
        Assert.True(counters.Reconciles, counters.ToString());

        var text = harness.Scrape();
        var samples = PrometheusText.Parse(text);
        PrometheusText.Sample Single(string name) => Assert.Single(samples, sample => sample.Name == name);

        Assert.Equal(12, Single("messaging_client_consumed_messages_total").Value);
        Assert.Equal(3, samples.Where(sample => sample.Name == "streamclassifier_dead_letters_total").Sum(sample => sample.Value));
        Assert.Equal(2, Single("streamclassifier_records_skipped_checkpointed_total").Value);
        Assert.Equal(5, Single("streamclassifier_records_in_flight").Value);
        Assert.Equal(6, Single("streamclassifier_commits_total").Value);
        Assert.Equal(1, Single("streamclassifier_dead_letters_already_published_total").Value);
        Assert.Equal(8, Single("messaging_client_sent_messages_total").Value);
        Assert.Equal(4, Single("streamclassifier_alerts_already_published_total").Value);
        Assert.Contains("# TYPE streamclassifier_records_in_flight gauge", text, StringComparison.Ordinal);

        // Source-side totals carry the source topic and group; the alerts-side one the alerts topic.
        foreach (var name in new[] { "streamclassifier_records_skipped_checkpointed_total", "streamclassifier_records_in_flight", "streamclassifier_commits_total", "streamclassifier_dead_letters_already_published_total" })
        {
            var labels = Single(name).Labels;
            Assert.Equal(("kafka", "sensors.test", "test"), (labels["messaging_system"], labels["messaging_destination_name"], labels["messaging_consumer_group_name"]));
        }

        var alreadyPublished = Single("streamclassifier_alerts_already_published_total").Labels;
        Assert.Equal(("kafka", "alerts.test"), (alreadyPublished["messaging_system"], alreadyPublished["messaging_destination_name"]));
        Assert.DoesNotContain("messaging_consumer_group_name", alreadyPublished.Keys);
    }

    [Fact]
    public void Alert_latency_is_recorded_from_the_records_receipt_its_kafka_timestamp_and_the_window_end()
    {
        var now = DateTimeOffset.UtcNow;
        using var harness = new TelemetryHarness();
        harness.Metrics.RecordAlertDelivered(new AlertDelivery(Alert(now.ToUnixTimeMilliseconds() - 12, "raised"), TimeSpan.FromMilliseconds(3), now.ToUnixTimeMilliseconds() - 5));
        harness.Metrics.RecordAlertDelivered(new AlertDelivery(Alert(now.ToUnixTimeMilliseconds() - 12, "cleared"), TimeSpan.FromMilliseconds(3), now.ToUnixTimeMilliseconds() - 5));
        // A window restored from a checkpoint: its record was received by another process, so only the window-end latency is known.
        harness.Metrics.RecordAlertAcknowledged(Alert(now.ToUnixTimeMilliseconds() - 12, "raised"));
        var samples = PrometheusText.Parse(harness.Scrape());
        double Count(string name, string state) => samples.Single(sample => sample.Name == name && sample.Labels["streamclassifier_alert_state"] == state).Value;
        Assert.Equal((1, 1), (Count("streamclassifier_alert_latency_seconds_count", "raised"), Count("streamclassifier_alert_latency_seconds_count", "cleared")));
        Assert.Equal((1, 1), (Count("streamclassifier_alert_record_latency_seconds_count", "raised"), Count("streamclassifier_alert_record_latency_seconds_count", "cleared")));
        Assert.Equal((2, 1), (Count("streamclassifier_alert_window_latency_seconds_count", "raised"), Count("streamclassifier_alert_window_latency_seconds_count", "cleared")));
        Assert.Equal(0.003, Count("streamclassifier_alert_latency_seconds_sum", "raised"), 6);
    }

    [Theory]
    [InlineData(TelemetryNames.AlertLatency, 0.003)]
    [InlineData(TelemetryNames.AlertRecordLatency, 0.005)]
    [InlineData(TelemetryNames.AlertWindowLatency, 0.012)]
    public void Alert_latency_uses_the_wall_clock_it_is_given(string instrumentName, double expected)
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_764_205_260_512);
        using var metrics = new WorkerMetrics(new FixedClock(now));
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        var recorded = new List<double>();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name == instrumentName)
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => recorded.Add(value));
        listener.Start();
        metrics.RecordAlertDelivered(new AlertDelivery(Alert(now.ToUnixTimeMilliseconds() - 12, "raised"), TimeSpan.FromMilliseconds(3), now.ToUnixTimeMilliseconds() - 5));
        Assert.Equal([expected], recorded);
    }

    [Fact]
    public void Healthz_is_alive_and_readyz_follows_models_and_checks()
    {
        using var harness = new TelemetryHarness(modelsLoaded: false);
        Assert.Equal(HttpStatusCode.OK, Get(harness, "healthz").Status);
        var notLoaded = Get(harness, "readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notLoaded.Status);
        Assert.Contains("models: not loaded yet", notLoaded.Body);

        harness.Health.ModelsLoaded = true;
        var partitions = new List<int>();
        harness.Health.AddCheck("kafka", () => partitions.Count == 0 ? "no partitions assigned yet" : null);
        var waiting = Get(harness, "readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, waiting.Status);
        Assert.Contains("kafka: no partitions assigned yet", waiting.Body);

        partitions.Add(0);
        Assert.Equal((HttpStatusCode.OK, "ready\n"), Get(harness, "readyz"));
        Assert.Equal(HttpStatusCode.NotFound, Get(harness, "nothing-here").Status);
        Assert.Equal(HttpStatusCode.OK, Get(harness, "metrics").Status);
    }

    [Fact]
    public void A_busy_port_or_a_bad_listen_value_is_a_clear_error()
    {
        using var harness = new TelemetryHarness();
        using var metrics = new WorkerMetrics();
        var busy = Assert.Throws<InvalidOperationException>(() => TelemetryEndpoint.Start(metrics, new HealthState(), new TelemetrySpec { Listen = harness.Endpoint.Address.ToString() }));
        Assert.Contains($"telemetry.listen: cannot listen on {harness.Endpoint.Address}", busy.Message);

        // Taken by something that is not an HttpListener of this process (another worker, another program).
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var taken = ((IPEndPoint)socket.LocalEndpoint).Port;
        var foreign = Assert.Throws<InvalidOperationException>(() => TelemetryEndpoint.Start(metrics, new HealthState(), new TelemetrySpec { Listen = $"127.0.0.1:{taken}" }));
        Assert.Contains($"telemetry.listen: cannot listen on 127.0.0.1:{taken}", foreign.Message);

        var malformed = Assert.Throws<FormatException>(() => ListenAddress.Parse("localhost"));
        Assert.Contains("telemetry.listen: 'localhost' is not host:port", malformed.Message);
        Assert.Equal(new ListenAddress("+", 9464), ListenAddress.Parse("0.0.0.0:9464"));
        var otlp = Assert.Throws<FormatException>(() => TelemetryEndpoint.Start(metrics, new HealthState(), new TelemetrySpec { Listen = "127.0.0.1:1", OtlpEndpoint = "collector:4317" }));
        Assert.Contains("telemetry.otlp_endpoint", otlp.Message);
    }

    [Fact]
    public async Task Every_interface_listens_on_all_addresses_for_containers()
    {
        using var metrics = new WorkerMetrics();
        var port = TelemetryHarness.FreePort();
        using var endpoint = TelemetryEndpoint.Start(metrics, new HealthState { ModelsLoaded = true }, new TelemetrySpec { Listen = $"0.0.0.0:{port}" });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        // Compose's Prometheus scrapes by service name: the request's Host header is not 127.0.0.1.
        foreach (var host in new[] { "127.0.0.1", Dns.GetHostName() })
        {
            foreach (var path in new[] { "metrics", "healthz", "readyz" })
            {
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://{host}:{port}/{path}")).StatusCode);
            }
        }
    }

    private static void Repeat(int times, Action action)
    {
        for (var index = 0; index < times; index++)
        {
            action();
        }
    }

    private static (HttpStatusCode Status, string Body) Get(TelemetryHarness harness, string path)
    {
        using var response = harness.Http.GetAsync(path).GetAwaiter().GetResult();
        return (response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    private static AlertRecord Alert(long windowEndMs, string state) => new()
    {
        AlertId = $"s/{windowEndMs}/{state}",
        Sensor = "s",
        State = state,
        Score = 0.9,
        Threshold = 0.5,
        Model = "m",
        ModelVersion = "1",
        WindowStartMs = windowEndMs - 1000,
        WindowEndMs = windowEndMs,
        EmittedAtMs = windowEndMs,
        Topology = "t",
    };

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>Telemetry tests share the process-wide "StreamClassifier" meter name: run them one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}
