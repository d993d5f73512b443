using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using StreamClassifier.Kafka.Tests.Support;

namespace StreamClassifier.Kafka.Tests.Worker;

/// <summary>
/// With <c>--log-format json</c> every line the worker process prints, librdkafka's included, is one
/// JSON object: what a log pipeline needs. The broker is unreachable, which is when librdkafka talks most.
/// </summary>
public class JsonLogTests
{
    [Fact]
    public void Against_an_unreachable_broker_every_line_on_stdout_and_stderr_is_a_json_object()
    {
        using var folder = new TempFolder();
        var topologyPath = folder.File("unreachable.yaml");
        File.WriteAllText(topologyPath, $$"""
            name: unreachable
            source:
              kafka: {bootstrap: "127.0.0.1:{{ClosedPort()}}", topic: sensors, group: g}
            streams:
              - name: ecg
                sensors: "ecg-*"
                sample_rate_hz: 100
                channels: [0]
                window: {size: 32, hop: 16}
                normalize: none
            sinks:
              alerts: {console: true}
            """);
        using var worker = WorkerProcess.Start("run", "--topology", topologyPath, "--log-format", "json", "--listen", $"127.0.0.1:{ClosedPort()}");
        // A few seconds of connection attempts: librdkafka logs each failure.
        worker.WaitForLine(line => line.Contains("\"Category\":\"StreamClassifier.Kafka\"", StringComparison.Ordinal) && line.Contains("127.0.0.1", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "a librdkafka line about the unreachable broker");
        Thread.Sleep(TimeSpan.FromSeconds(3));
        worker.Terminate();
        worker.WaitForExit(TimeSpan.FromSeconds(60), "the worker to stop after SIGTERM");

        var lines = (worker.Output + worker.Errors).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        var events = new List<JsonElement>();
        foreach (var line in lines)
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
                events.Add(document.RootElement.Clone());
            }
            catch (JsonException exception)
            {
                Assert.Fail($"not a JSON object: {line}\n({exception.Message})");
            }
        }

        var librdkafka = events.Where(e => e.GetProperty("EventId").GetInt32() == Kafka.KafkaLogEvents.Librdkafka).ToList();
        Assert.NotEmpty(librdkafka);
        Assert.All(librdkafka, e =>
        {
            var state = e.GetProperty("State");
            Assert.StartsWith("streamclassifier-", state.GetProperty("Client").GetString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(state.GetProperty("Facility").GetString()));
            Assert.False(string.IsNullOrEmpty(state.GetProperty("SyslogLevel").GetString()));
            Assert.Equal("StreamClassifier.Kafka", e.GetProperty("Category").GetString());
        });
    }

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
