using System.Reactive.Linq;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Worker.Offline;

namespace StreamClassifier.Worker.EcgEvaluation;

/// <summary>What the worker's pipeline did with one replayed record: every window's score and every alert event.</summary>
/// <param name="WindowStarts">First sample of each scored window, in window order.</param>
/// <param name="Scores">P(class 1) of each window.</param>
/// <param name="Alerts">(raised?, window start s, window end s) of each alert event, in emission order.</param>
internal sealed record PipelineReplay(long[] WindowStarts, double[] Scores, IReadOnlyList<(bool Raised, double WindowStartSeconds, double WindowEndSeconds)> Alerts)
{
    /// <summary>Samples per replayed chunk (10 s at 360 Hz); the pipeline's results do not depend on it.</summary>
    public const int ChunkSamples = 3600;

    /// <summary>
    /// Streams <paramref name="signal"/> (one channel, first sample at time 0) as sensor <paramref name="sensorId"/>
    /// through a fresh <see cref="ClassificationPipeline"/> of <paramref name="topology"/>: the worker's
    /// own filters, windows, normaliser, batching, scorer and alert policy.
    /// </summary>
    public static PipelineReplay Run(TopologyDefinition topology, IReadOnlyDictionary<string, IWindowScorer> scorers, string sensorId, double[] signal, double sampleRateHz)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(scorers);
        ArgumentNullException.ThrowIfNull(signal);
        var chunks = new List<SampleChunk>();
        for (var row = 0; row < signal.Length; row += ChunkSamples)
        {
            var rows = Math.Min(ChunkSamples, signal.Length - row);
            chunks.Add(new SampleChunk(sensorId, row * 1000.0 / sampleRateHz, sampleRateHz, 1, signal.AsSpan(row, rows).ToArray()));
        }

        var starts = new List<long>();
        var scores = new List<double>();
        var alerts = new List<(bool, double, double)>();
        using var pipeline = new ClassificationPipeline(topology, scorers, OfflineClock.Create());
        pipeline.Process(chunks.ToObservable(System.Reactive.Concurrency.ImmediateScheduler.Instance))
            .ForEachAsync(evt =>
            {
                switch (evt)
                {
                    case WindowScored scored:
                        starts.Add(scored.Score.Window.StartIndex);
                        scores.Add(scored.Score.Score);
                        break;
                    case AlertEmitted alert:
                        alerts.Add((alert.Alert.State == AlertRecord.ToWire(AlertState.Raised), alert.Alert.WindowStartMs / 1000.0, alert.Alert.WindowEndMs / 1000.0));
                        break;
                }
            })
            .GetAwaiter()
            .GetResult();

        // Batches may complete out of window order; the beat mapping needs ascending starts.
        var order = Enumerable.Range(0, starts.Count).OrderBy(i => starts[i]).ToArray();
        return new PipelineReplay([.. order.Select(i => starts[i])], [.. order.Select(i => scores[i])], alerts);
    }
}
