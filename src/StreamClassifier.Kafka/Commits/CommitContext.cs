using Microsoft.Extensions.Logging;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Checkpoints;
using StreamClassifier.Kafka.Publishing;
using StreamClassifier.Kafka.Worker;

namespace StreamClassifier.Kafka.Commits;

/// <summary>What a <see cref="CommitStrategy"/> works with: the worker's parts, and how to stop it on a fatal error.</summary>
/// <param name="Topology">The topology.</param>
/// <param name="Options">The worker's options (drain timeout, instance id).</param>
/// <param name="Counters">The worker's totals.</param>
/// <param name="Logger">The worker's logger.</param>
/// <param name="Ledger">The partitions' progress.</param>
/// <param name="Checkpoints">Cuts and checkpoint records.</param>
/// <param name="Publisher">Alerts and dead letters.</param>
/// <param name="Fail">Stops the worker without committing.</param>
/// <param name="Failed">True once the worker failed.</param>
internal sealed record CommitContext(
    TopologyDefinition Topology,
    KafkaWorkerOptions Options,
    KafkaWorkerCounters Counters,
    ILogger Logger,
    PartitionLedger Ledger,
    CheckpointWriter Checkpoints,
    OutputPublisher Publisher,
    Action<Exception> Fail,
    Func<bool> Failed)
{
    /// <summary>The source topic.</summary>
    public string SourceTopic => Topology.Source.Kafka.Topic;
}
