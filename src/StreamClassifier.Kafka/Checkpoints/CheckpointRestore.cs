using Microsoft.Extensions.Logging;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Pipeline;

namespace StreamClassifier.Kafka.Checkpoints;

/// <summary>Puts a source partition's checkpoint back into the pipeline on assignment.</summary>
internal static class CheckpointRestore
{
    /// <summary>
    /// Restores <paramref name="checkpoint"/>'s sensors into the pipeline and records in
    /// <paramref name="progress"/> which sensors it holds, the last offset each snapshot already
    /// contains, and the resume offset; returns how many sensors were restored. A snapshot that does
    /// not fit (the stream changed) is skipped with a warning: that sensor starts afresh.
    /// </summary>
    public static int Into(ClassificationPipeline pipeline, PartitionCheckpoint checkpoint, PartitionProgress progress, string sourceTopic, ILogger logger)
    {
        var restored = 0;
        foreach (var (sensorId, snapshot) in checkpoint.Sensors)
        {
            try
            {
                pipeline.Restore(snapshot);
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
            {
                KafkaWorkerLog.CheckpointNotRestored(logger, sensorId, sourceTopic, progress.Partition, exception.Message);
                continue;
            }

            restored++;
            progress.Sensors.Add(sensorId);
            if (snapshot.LastSource is { } last && last.Topic == sourceTopic && last.Partition == progress.Partition)
            {
                progress.RestoredThrough[sensorId] = last.Offset;
            }
        }

        if (checkpoint.NextOffset is long next)
        {
            // CommittedOffset stays -1: the group's own commit may lag the checkpoint (crash in between), so commit again.
            progress.NextOffset = next;
        }

        return restored;
    }
}
