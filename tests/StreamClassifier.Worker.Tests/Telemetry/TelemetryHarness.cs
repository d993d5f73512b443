using System.Net;
using System.Net.Sockets;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Codecs;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Testing;
using StreamClassifier.Worker.Models;
using StreamClassifier.Worker.Telemetry;
using StreamClassifier.Worker.Tests.Offline;

namespace StreamClassifier.Worker.Tests.Telemetry;

/// <summary>
/// A telemetry endpoint on a free loopback port with the real instruments, fed by a real pipeline
/// (the seed's Example 1 network) that has scored some windows, and by Kafka worker counters.
/// </summary>
internal sealed class TelemetryHarness : IDisposable
{
    private readonly OfflineFixture fixture = new();
    private readonly TopologyScorers scorers;

    public TelemetryHarness(bool modelsLoaded = true)
    {
        Topology = TopologyLoader.Load(fixture.TopologyPath);
        scorers = TopologyScorers.Load(Topology);
        Metrics = new WorkerMetrics();
        Health = new HealthState { ModelsLoaded = modelsLoaded };
        var instrumented = scorers.ByStream.ToDictionary(pair => pair.Key, pair => (IWindowScorer)new InstrumentedScorer(pair.Value, Metrics), StringComparer.Ordinal);
        Pipeline = new ClassificationPipeline(Topology, instrumented, new HistoricalScheduler());
        Metrics.AttachPipeline(Pipeline.Counters);
        Metrics.AttachKafka(KafkaCounters, Topology.Source.Kafka, "alerts.test");
        Endpoint = TelemetryEndpoint.Start(Metrics, Health, new TelemetrySpec { Listen = $"127.0.0.1:{FreePort()}" });
        Http = new HttpClient { BaseAddress = Endpoint.BaseUri, Timeout = TimeSpan.FromSeconds(10) };
    }

    public TopologyDefinition Topology { get; }

    public WorkerMetrics Metrics { get; }

    public HealthState Health { get; }

    public ClassificationPipeline Pipeline { get; }

    public KafkaWorkerCounters KafkaCounters { get; } = new();

    public TelemetryEndpoint Endpoint { get; }

    public HttpClient Http { get; }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Runs <paramref name="sensors"/> sensors × <paramref name="samples"/> samples (plus one late chunk) through the pipeline.</summary>
    public IReadOnlyList<PipelineEvent> Drive(int sensors = 3, int samples = 400)
    {
        var chunks = new List<SampleChunk>();
        for (var sensor = 0; sensor < sensors; sensor++)
        {
            var values = new double[samples];
            for (var index = 0; index < samples; index++)
            {
                values[index] = Math.Sin(index * 0.3 * (sensor + 1)) + (index % 50 == 0 ? 3 : 0);
            }

            chunks.Add(new SampleChunk($"ecg-{sensor}", 0, 100, 1, values.AsMemory()));
        }

        // The same first sample again: counted as a late/duplicate drop.
        chunks.Add(new SampleChunk("ecg-0", 0, 100, 1, new double[] { 0.5 }));
        return [.. Pipeline.Process(chunks.ToObservable()).ToList().Wait()];
    }

    public string Scrape()
    {
        using var response = Http.GetAsync("metrics").GetAwaiter().GetResult();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        Http.Dispose();
        Endpoint.Dispose();
        Pipeline.Dispose();
        Metrics.Dispose();
        scorers.Dispose();
        fixture.Dispose();
    }

    public static DecodeErrorKind AnyKind => DecodeErrorKind.Malformed;
}
