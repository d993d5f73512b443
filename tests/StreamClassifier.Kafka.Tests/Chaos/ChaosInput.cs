using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Text;
using Confluent.Kafka;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Kafka.Codecs;
using StreamClassifier.Kafka.Tests.Support;
using StreamClassifier.Onnx.Scoring;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Events;

namespace StreamClassifier.Kafka.Tests.Chaos;

/// <summary>
/// The producer side of a chaos run and its oracle: each round publishes the next
/// <see cref="SamplesPerRound"/> samples of every sensor (records of <see cref="SamplesPerRecord"/>)
/// with bad records among them, and knows which source offsets were bad and which alerts the offline
/// pipeline gives for everything published so far.
/// </summary>
public sealed class ChaosInput : IDisposable
{
    /// <summary>Samples per sensor per round (0.8 s at 250 Hz).</summary>
    public const int SamplesPerRound = 200;

    /// <summary>Samples per record.</summary>
    public const int SamplesPerRecord = 25;

    private readonly WorkerSetup setup;
    private readonly IProducer<byte[]?, byte[]?> producer;
    private readonly IWindowScorer scorer;
    private readonly List<(string Name, byte[]? Value)> badValues;
    private readonly HashSet<string> badSources = new(StringComparer.Ordinal);
    private readonly List<string> failures = [];
    private readonly Dictionary<int, long> bytesPerPartition = [];

    /// <summary>The oracle's scorer is loaded now, before any model swap (the swapped versions score the same).</summary>
    public ChaosInput(WorkerSetup setup, string bootstrap)
    {
        this.setup = setup;
        producer = KafkaTestClients.Producer(bootstrap);
        scorer = OnnxWindowScorer.LoadForStream(setup.Topology, 0);
        // The small kinds of the poison list: the mock broker keeps 5 MiB per partition for the whole run.
        badValues = [.. PoisonRecords.For("ecg-0", 1_048_576, 100_000).Where(p => p.Value is null || p.Value.Length < 2000).Select(p => (p.Name, p.Value))];
    }

    /// <summary>Records published so far (good and bad).</summary>
    public int Published { get; private set; }

    /// <summary>Bytes of record values in the fullest source partition (the mock keeps 5 MiB per partition).</summary>
    public long LargestPartitionBytes
    {
        get
        {
            lock (badSources)
            {
                return bytesPerPartition.Count == 0 ? 0 : bytesPerPartition.Values.Max();
            }
        }
    }

    /// <summary>The bad records published so far, as <c>partition@offset</c> of the source topic.</summary>
    public IReadOnlySet<string> BadSources
    {
        get
        {
            lock (badSources)
            {
                return new HashSet<string>(badSources, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>The good records of round <paramref name="number"/> (1-based), in publication order.</summary>
    public IReadOnlyList<SampleChunk> Chunks(int number)
    {
        var start = setup.Recording.StartMs;
        return [.. setup.Recording.Chunks.Where(c => RoundOf(c, start) == number)];
    }

    /// <summary>
    /// Publishes a round's records over about <paramref name="spreadMs"/> on a background thread (the
    /// faults strike meanwhile): the good ones in order, <paramref name="badRecords"/> bad ones at random
    /// places, keyed by a sensor of the run. The task ends when the broker acknowledged every record.
    /// </summary>
    public Task Publish(int number, int badRecords, int spreadMs, Random random)
    {
        var good = Chunks(number);
        var records = good.Select(c => (Key: c.SensorId, Value: (byte[]?)JsonSensorRecordCodec.Encode(c), Bad: false)).ToList();
        for (var i = 0; i < badRecords; i++)
        {
            var bad = badValues[random.Next(badValues.Count)];
            var sensor = good[random.Next(good.Count)].SensorId;
            records.Insert(random.Next(records.Count + 1), (sensor, bad.Value, true));
        }

        Published += records.Count;
        var pause = TimeSpan.FromMilliseconds(spreadMs / (double)records.Count);
        return Task.Factory.StartNew(
            () =>
            {
                foreach (var (key, value, isBad) in records)
                {
                    producer.Produce("sensors", new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(key), Value = value }, report => OnDelivered(report, isBad));
                    Thread.Sleep(pause); // pacing, not synchronisation
                }

                if (producer.Flush(TimeSpan.FromSeconds(120)) != 0)
                {
                    throw new TimeoutException($"round {number}: the broker did not acknowledge every record within 120 s");
                }

                lock (badSources)
                {
                    if (failures.Count > 0)
                    {
                        throw new InvalidOperationException($"round {number}: producing failed: {string.Join("; ", failures)}");
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    /// <summary>The alerts the offline pipeline (what <c>streamclassifier score</c> runs) emits for rounds 1..<paramref name="number"/>, by id.</summary>
    public Dictionary<string, AlertRecord> ExpectedAlerts(int number)
    {
        var start = setup.Recording.StartMs;
        var chunks = setup.Recording.Chunks.Where(c => RoundOf(c, start) <= number).ToList();
        using var pipeline = new ClassificationPipeline(setup.Topology, new Dictionary<string, IWindowScorer> { ["ecg"] = scorer }, new HistoricalScheduler());
        var events = pipeline.Process(chunks.ToObservable(ImmediateScheduler.Instance)).ToList().Wait();
        return events.OfType<AlertEmitted>().Select(e => e.Alert).ToDictionary(a => a.AlertId, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        producer.Dispose();
        scorer.Dispose();
    }

    private static int RoundOf(SampleChunk chunk, double startMs) =>
        1 + ((int)Math.Round((chunk.T0Ms - startMs) / chunk.SamplePeriodMs) / SamplesPerRound);

    private void OnDelivered(DeliveryReport<byte[]?, byte[]?> report, bool bad)
    {
        lock (badSources)
        {
            if (report.Error.IsError)
            {
                failures.Add(report.Error.Reason);
            }
            else
            {
                bytesPerPartition[report.Partition.Value] = bytesPerPartition.GetValueOrDefault(report.Partition.Value) + (report.Message.Value?.Length ?? 0);
            }

            if (!report.Error.IsError && bad)
            {
                badSources.Add($"{report.Partition.Value}@{report.Offset.Value}");
            }
        }
    }
}
