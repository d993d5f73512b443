using System.Net;
using StreamClassifier.Core.Topology;
using StreamClassifier.Worker.Telemetry;

namespace StreamClassifier.Worker.Tests.Telemetry;

/// <summary>What the telemetry port exposes: loopback by default, GET and HEAD on three paths, nothing else.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryExposureTests
{
    private static readonly string[] Paths = ["metrics", "healthz", "readyz"];

    [Fact]
    public void The_default_address_is_loopback()
    {
        Assert.Equal(new ListenAddress("127.0.0.1", 9464), ListenAddress.Parse(new TelemetrySpec().Listen));
    }

    [Fact]
    public async Task Only_GET_and_HEAD_are_served_on_the_three_paths()
    {
        using var harness = new TelemetryHarness();
        var http = harness.Http;
        foreach (var path in Paths)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(path)).StatusCode);
            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
            foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Options, new HttpMethod("TRACE") })
            {
                using var response = await http.SendAsync(new HttpRequestMessage(method, path) { Content = method == HttpMethod.Post ? new StringContent("x") : null });
                Assert.True(HttpStatusCode.MethodNotAllowed == response.StatusCode, $"{method} /{path}: {response.StatusCode}");
                Assert.Equal("GET, HEAD", string.Join(", ", response.Content.Headers.Allow));
            }
        }
    }

    [Fact]
    public async Task Metrics_through_the_endpoint_are_the_exporters_text()
    {
        using var harness = new TelemetryHarness();
        harness.Drive();

        using var response = await harness.Http.GetAsync("metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        var samples = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(samples, sample => sample.Name == "streamclassifier_records_total" && sample.Value > 0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("metrics/extra")]
    [InlineData("metricsx")]
    [InlineData("healthz/deep")]
    [InlineData("exporter")]
    [InlineData("favicon.ico")]
    public async Task Any_other_path_is_not_found_whatever_the_method(string path)
    {
        using var harness = new TelemetryHarness();
        Assert.Equal(HttpStatusCode.NotFound, (await harness.Http.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await harness.Http.PostAsync(path, new StringContent("x"))).StatusCode);
    }

    [Fact]
    public async Task Every_interface_serves_the_same_routes()
    {
        using var metrics = new WorkerMetrics();
        var port = TelemetryHarness.FreePort();
        using var endpoint = TelemetryEndpoint.Start(metrics, new HealthState { ModelsLoaded = true }, new TelemetrySpec { Listen = $"0.0.0.0:{port}" });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{port}/other")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.PostAsync($"http://127.0.0.1:{port}/metrics", new StringContent("x"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{port}/metrics")).StatusCode);
    }
}
