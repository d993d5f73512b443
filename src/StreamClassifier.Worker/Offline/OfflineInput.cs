using System.Reactive.Concurrency;
using System.Reactive.Linq;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Recordings;
using StreamClassifier.Core.Topology;

namespace StreamClassifier.Worker.Offline;

/// <summary>A recorded sensor CSV presented to the pipeline as the same chunk stream Kafka would give it.</summary>
internal static class OfflineInput
{
    /// <summary>A reader whose sensors take their sample rate from the topology's stream rules.</summary>
    public static SensorCsvReader OpenCsv(string path, TopologyDefinition topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return new SensorCsvReader(path, sensor => topology.FindStream(sensor)?.SampleRateHz);
    }

    /// <summary>
    /// The file's chunks as an observable read synchronously on the subscribing thread, so one
    /// offline run is deterministic; read errors arrive as <c>OnError</c>.
    /// </summary>
    public static IObservable<SampleChunk> Chunks(SensorCsvReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.ReadChunks().ToObservable(ImmediateScheduler.Instance);
    }
}
