using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamClassifier.Kafka.Alerts;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Pipeline.Flow;

namespace StreamClassifier.Kafka.Worker;

/// <summary>Settings of a <see cref="KafkaWorker"/> beyond the topology.</summary>
public sealed record KafkaWorkerOptions
{
    /// <summary>Bootstrap servers overriding the topology's (required when the topology says <c>embedded</c>).</summary>
    public string? BootstrapServers { get; init; }

    /// <summary>Local alert sinks (console, JSONL); the Kafka alerts topic comes from the topology.</summary>
    public IReadOnlyList<IAlertSink> AlertSinks { get; init; } = [];

    /// <summary>How often completed work is checkpointed and committed.</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a revocation or shutdown waits for in-flight work before handing it back uncommitted.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Stable id of this worker instance; names the transactional id in exactly-once mode (a restart with the same id fences its predecessor).</summary>
    public string InstanceId { get; init; } = Environment.MachineName;

    /// <summary>
    /// Called (on a producer delivery thread) when the broker acknowledges an alert, with how long ago the
    /// worker received the record that completed the alert's window and that record's Kafka timestamp;
    /// telemetry measures end-to-end latency from true arrival here.
    /// </summary>
    public Action<AlertDelivery>? AlertDelivered { get; init; }

    /// <summary>
    /// Called on the polling thread for every decoded record just before it enters the pipeline; the demo
    /// counts records and times windows from here (alert latency comes with <see cref="AlertDelivered"/>). Must not block.
    /// </summary>
    public Action<Core.Records.SampleChunk>? RecordReceived { get; init; }

    /// <summary>
    /// Called for every pipeline event (windows scored, alerts, completed chunks, ...) before the worker
    /// acts on it, under the pipeline's gate: events never overlap. Must not block.
    /// </summary>
    public Action<PipelineEvent>? PipelineEventObserved { get; init; }

    /// <summary>
    /// Where the pipeline scores: by default on the polling thread (<see cref="ScoringMode.Inline"/>); with
    /// <see cref="ScoringMode.OnScoringThread"/> on a scoring thread of its own, so the polling thread only
    /// decodes, filters and windows, and windows waiting for it are bounded like records in flight (see
    /// <see cref="FlowControl"/>). A checkpoint carries the windows still waiting, so under a sustained
    /// backlog of long windows its record can outgrow the broker's message size: the default stays inline.
    /// </summary>
    public ScoringMode Scoring { get; init; } = ScoringMode.Inline;

    /// <summary>Receives the worker's log (assignment, commits, errors; <see cref="KafkaLogEvents"/>) and librdkafka's own, through every client the worker builds.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
