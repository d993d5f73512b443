using StreamClassifier.Core.Records;
using StreamClassifier.Kafka.Commits;
using StreamClassifier.Kafka.Publishing;
using StreamClassifier.Pipeline.Events;

namespace StreamClassifier.Kafka.Worker;

/// <summary>
/// What a <see cref="KafkaWorker"/> does with each pipeline event: alerts go out, scored windows and
/// evictions mark their sensor's checkpoint dirty, completed chunks advance their partition's progress.
/// Runs under the pipeline's gate (on the scoring thread, a timer or the polling thread): events never
/// overlap, and nothing changes sensor state meanwhile.
/// </summary>
internal sealed class PipelineEventHandler(string sourceTopic, KafkaWorkerOptions options, KafkaWorkerCounters counters, PartitionLedger ledger, OutputPublisher publisher, CommitStrategy commits)
{
    // The receipt of the record completing the window just scored: the alert it causes comes next, under the same gate.
    private RecordArrival? scoredArrival;

    public void OnEvent(PipelineEvent pipelineEvent)
    {
        options.PipelineEventObserved?.Invoke(pipelineEvent);
        switch (pipelineEvent)
        {
            case AlertEmitted { Alert: var alert } emitted:
                publisher.Alert(alert, PartitionOf(emitted.Source), scoredArrival);
                break;
            case WindowScored { Score.Window: var window } scored:
                // Its alert policy moved on: the sensor's checkpoint must be rewritten; the alert it may cause comes next and takes this arrival.
                var partition = PartitionOf(scored.Source);
                (scoredArrival, var owned) = ledger.Scored(window.SensorId, partition, window.CompletedBy);
                if (owned)
                {
                    publisher.ScoredThrough(partition!.Value, window.SensorId, AlertRecord.WireMs(window.EndMs));
                }

                break;
            case ChunkCompleted { Chunk.Source: { } position }:
                ledger.Completed(position);
                counters.AddChunkCompleted();
                commits.ChunkCompleted();
                break;
            case SensorEvicted { SensorId: var sensorId } evicted:
                var evictedFrom = PartitionOf(evicted.Source);
                if (ledger.Evicted(sensorId, evictedFrom))
                {
                    publisher.Evicted(evictedFrom!.Value, sensorId);
                }

                break;
        }
    }

    /// <summary>The source partition of a sensor's last record, when it came from the worker's source topic.</summary>
    private int? PartitionOf(SourcePosition? position) => position is { } known && known.Topic == sourceTopic ? known.Partition : null;
}
