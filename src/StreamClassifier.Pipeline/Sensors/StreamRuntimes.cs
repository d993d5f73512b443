using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline.Batching;

namespace StreamClassifier.Pipeline.Sensors;

/// <summary>Builds a pipeline's per-stream runtimes and the batchers of their scorers (streams sharing a scorer share its batcher).</summary>
internal static class StreamRuntimes
{
    /// <exception cref="ArgumentException">A scorer names no stream, does not fit its stream, or two streams share a name.</exception>
    public static void Build(
        TopologyDefinition topology,
        IReadOnlyDictionary<string, IWindowScorer> scorersByStreamName,
        int maxBatch,
        bool resetOnGap,
        Dictionary<string, StreamRuntime> streamsByName,
        List<MicroBatcher> batchers,
        HashSet<string> streamsWithoutScorer)
    {
        foreach (var streamName in scorersByStreamName.Keys)
        {
            if (!topology.Streams.Any(stream => stream.Name == streamName))
            {
                throw new ArgumentException($"A scorer is given for stream '{streamName}' but topology '{topology.Name}' has no stream of that name (streams: {string.Join(", ", topology.Streams.Select(stream => stream.Name))}).", nameof(scorersByStreamName));
            }
        }

        var batcherByScorer = new Dictionary<IWindowScorer, MicroBatcher>(ReferenceEqualityComparer.Instance);
        foreach (var stream in topology.Streams)
        {
            MicroBatcher? batcher = null;
            if (scorersByStreamName.TryGetValue(stream.Name, out var scorer))
            {
                ArgumentNullException.ThrowIfNull(scorer, $"{nameof(scorersByStreamName)}[{stream.Name}]");
                if (!batcherByScorer.TryGetValue(scorer, out batcher))
                {
                    batcher = new MicroBatcher(scorer, maxBatch);
                    batcherByScorer.Add(scorer, batcher);
                    batchers.Add(batcher);
                }
            }
            else
            {
                streamsWithoutScorer.Add(stream.Name);
            }

            var runtime = new StreamRuntime(stream, scorer, batcher, resetOnGap);
            if (!streamsByName.TryAdd(stream.Name, runtime))
            {
                throw new ArgumentException($"Topology '{topology.Name}' has two streams named '{stream.Name}'; stream names must be unique.", nameof(topology));
            }
        }
    }
}
