using System.Reactive.Concurrency;
using System.Reactive.Linq;
using StreamClassifier.Core.Recordings;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Events;

namespace StreamClassifier.Trainer.Data.Recordings;

/// <summary>
/// Cuts a recording into windows with the worker's own pipeline (<see cref="ClassificationPipeline"/>):
/// the same CSV reader as <c>streamclassifier score</c>, the same order and gap checks (a gap longer
/// than the stream's tolerance resets filters and window), filter chain, sliding window and normaliser,
/// so the model trains on exactly the windows the worker will score. A fresh pipeline per file: each
/// file's sensors start from a clean state, as a new sensor does in the worker.
/// </summary>
internal static class PipelineWindowCutter
{
    /// <summary>Every window of <paramref name="recordingPath"/> under <paramref name="stream"/>, in the pipeline's order.</summary>
    /// <exception cref="DatasetFormatException">The recording cannot be read (the message names the file and line).</exception>
    public static IReadOnlyList<SensorWindow> Cut(TopologyDefinition topology, StreamSpec stream, string recordingPath)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(stream);
        var single = topology with { Streams = [stream] };
        using var tap = new WindowTap(stream.Channels.Count, stream.Window.Size);
        using var pipeline = new ClassificationPipeline(single, new Dictionary<string, IWindowScorer>(StringComparer.Ordinal) { [stream.Name] = tap }, new HistoricalScheduler(DateTimeOffset.UnixEpoch));
        var reader = new SensorCsvReader(recordingPath, sensor => single.FindStream(sensor)?.SampleRateHz);
        try
        {
            return pipeline.Process(reader.ReadChunks().ToObservable(ImmediateScheduler.Instance))
                .OfType<WindowScored>()
                .Select(scored => scored.Score.Window)
                .ToList()
                .Wait()
                .ToList();
        }
        catch (SensorCsvException ex)
        {
            throw new DatasetFormatException(ex.Message, ex);
        }
    }
}
