using System.Reactive.Concurrency;

using BenchmarkDotNet.Attributes;

using StreamClassifier.Core.Models;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Events;

namespace StreamClassifier.Benchmarks.Pipeline;

/// <summary>
/// Samples per second through the whole pipeline around the scorer: order check, channel selection,
/// a 5-section filter chain (bandpass order 4 + notch), 500-sample windows every 125 samples, z-score,
/// micro-batching, alert policy and chunk completion, with a scorer that does no work. Reported per
/// sample (OperationsPerInvoke), with allocated bytes per sample.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private const int Sensors = 16;
    private const int SamplesPerInvoke = 200_000;
    private const double RateHz = 360;

    private readonly double[] signal = new double[SamplesPerInvoke / Sensors];
    private TopologyDefinition topology = null!;
    private Dictionary<string, IWindowScorer> scorers = null!;
    private string[] sensorIds = null!;
    private double nextT0Ms;

    /// <summary>Samples per input record (1 = a record per sample; 250 = the Kafka target's record size).</summary>
    [Params(1, 250)]
    public int ChunkSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < signal.Length; i++)
        {
            signal[i] = Math.Sin(i * 0.05) + (0.3 * Math.Sin(i * 1.3));
        }

        topology = new TopologyDefinition
        {
            Name = "bench",
            Source = new SourceSpec { Kafka = new KafkaSourceSpec { Bootstrap = "embedded", Topic = "sensors", Group = "bench" } },
            Streams =
            [
                new StreamSpec
                {
                    Name = "ecg",
                    Sensors = "*",
                    SampleRateHz = RateHz,
                    Channels = [0],
                    Filters = [FilterSpec.Bandpass(0.5, 40, 4), FilterSpec.Notch(60, 30)],
                    Window = new WindowSpec(500, 125),
                    Normalize = NormalizationSpec.ZScore,
                    Model = new ModelSpec { Path = "bench.onnx" },
                    Alert = new AlertPolicySpec { Threshold = 0.8, RaiseAfter = 3, OfLast = 4 },
                },
            ],
            Batching = new BatchingSpec { MaxBatch = 32, MaxDelayMs = 10 },
        };
        scorers = new Dictionary<string, IWindowScorer> { ["ecg"] = new NoWorkScorer() };
        sensorIds = [.. Enumerable.Range(0, Sensors).Select(i => $"ecg-{i}")];
    }

    [Benchmark(OperationsPerInvoke = SamplesPerInvoke)]
    public long ProcessSamples()
    {
        // A fresh pipeline per invocation: construction and per-sensor state are amortised over 200k samples.
        using var pipeline = new ClassificationPipeline(topology, scorers, new HistoricalScheduler());
        var events = new CountingObserver();
        var t0 = nextT0Ms;
        nextT0Ms += 1e9;
        using (pipeline.Process(new ChunkSource(sensorIds, signal, ChunkSize, t0)).Subscribe(events))
        {
        }

        return events.Count;
    }

    /// <summary>Pushes every sensor's signal in chunks, sensors interleaved, synchronously on subscribe.</summary>
    private sealed class ChunkSource(string[] sensorIds, double[] signal, int chunkSize, double t0Ms) : IObservable<SampleChunk>
    {
        public IDisposable Subscribe(IObserver<SampleChunk> observer)
        {
            var memory = signal.AsMemory();
            for (var start = 0; start < signal.Length; start += chunkSize)
            {
                var length = Math.Min(chunkSize, signal.Length - start);
                foreach (var sensor in sensorIds)
                {
                    observer.OnNext(new SampleChunk(sensor, t0Ms + (start * 1000.0 / RateHz), RateHz, 1, memory.Slice(start, length)));
                }
            }

            observer.OnCompleted();
            return System.Reactive.Disposables.Disposable.Empty;
        }
    }

    private sealed class CountingObserver : IObserver<PipelineEvent>
    {
        public long Count { get; private set; }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error) => throw new InvalidOperationException("The benchmark pipeline failed.", error);

        public void OnNext(PipelineEvent value) => Count++;
    }

    /// <summary>A scorer that costs nothing, so the figures are the pipeline's own.</summary>
    private sealed class NoWorkScorer : IWindowScorer
    {
        public string ModelName => "no-work";

        public string ModelVersion => "0";

        public int Channels => 1;

        public int WindowLength => 500;

        public ModelCard? Card => null;

        public void Score(ReadOnlySpan<float> windows, int batchSize, Span<float> probabilities) => probabilities[..batchSize].Fill(0.1f);

        public void Dispose()
        {
        }
    }
}
