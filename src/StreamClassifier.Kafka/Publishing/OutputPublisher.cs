using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Alerts;
using StreamClassifier.Kafka.Codecs;
using StreamClassifier.Kafka.DeadLetters;
using StreamClassifier.Kafka.Delivery;
using StreamClassifier.Kafka.Worker;

namespace StreamClassifier.Kafka.Publishing;

/// <summary>
/// Everything the worker publishes besides checkpoints: alerts (local sinks and the alerts topic, with
/// the source headers, counted when the broker acknowledges them and timed from the record that
/// completed their window) and dead letters. In exactly-once mode it withholds the outputs the
/// read-back found already published (<see cref="AlreadyPublished{TEntry}"/>). Sends go through the
/// commit strategy's send gate, so none can slip between a transaction's cut and its commit.
/// </summary>
internal sealed class OutputPublisher(TopologyDefinition topology, KafkaWorkerOptions options, KafkaWorkerCounters counters, ILogger logger)
{
    private readonly string sourceTopic = topology.Source.Kafka.Topic;
    private TrackedProducer? producer;
    private object sendGate = new();
    private bool withholdAlerts;
    private bool withholdDeadLetters;

    /// <summary>Alerts found already published after a restart (exactly-once).</summary>
    public AlreadyPublishedAlerts AlreadyPublishedAlerts { get; } = new();

    /// <summary>Dead letters found already published after a restart (exactly-once).</summary>
    public AlreadyPublishedDeadLetters AlreadyPublishedDeadLetters { get; } = new();

    /// <summary>Starts publishing through <paramref name="trackedProducer"/>.</summary>
    /// <param name="trackedProducer">The worker's one producer.</param>
    /// <param name="gate">Held around every send (the commit strategy's).</param>
    /// <param name="withholdAlreadyPublished">Exactly-once: withhold what the read-back found.</param>
    public void Attach(TrackedProducer trackedProducer, object gate, bool withholdAlreadyPublished)
    {
        producer = trackedProducer;
        sendGate = gate;
        withholdAlerts = withholdAlreadyPublished && topology.Sinks.AlertsTopic is not null;
        withholdDeadLetters = withholdAlreadyPublished && topology.Sinks.DeadLetterTopic is not null;
    }

    /// <summary>Publishes an alert of a sensor of <paramref name="sourcePartition"/>, unless it is already published.</summary>
    /// <param name="alert">The alert.</param>
    /// <param name="sourcePartition">The sensor's source partition, when known.</param>
    /// <param name="arrival">When the record completing the alert's window arrived, when measured.</param>
    public void Alert(AlertRecord alert, int? sourcePartition, RecordArrival? arrival)
    {
        foreach (var sink in options.AlertSinks)
        {
            sink.Write(alert);
        }

        if (topology.Sinks.AlertsTopic is not { } alertsTopic)
        {
            return;
        }

        if (withholdAlerts && sourcePartition is int partition && AlreadyPublishedAlerts.TryWithhold(partition, alert.Sensor, alert.AlertId))
        {
            counters.AddAlertAlreadyPublished(); // visible since before a crash: publishing it again would duplicate it
            return;
        }

        var message = new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(alert.Sensor), Value = AlertJson.Serialize(alert), Headers = Headers(sourcePartition) };
        lock (sendGate)
        {
            producer!.Send(alertsTopic, message, $"alert {alert.AlertId}", onAcknowledged: () =>
            {
                counters.AddAlertAcknowledged();
                options.AlertDelivered?.Invoke(new AlertDelivery(alert, arrival is { } received ? Stopwatch.GetElapsedTime(received.ReceivedTimestamp) : null, arrival?.RecordTimestampMs));
            });
        }

        counters.AddAlertSent();
    }

    /// <summary>Exactly-once: whether the record at <paramref name="offset"/> was dead-lettered before a crash (checked, once, for every record read).</summary>
    public bool DeadLetteredBefore(int partition, long offset) => withholdDeadLetters && AlreadyPublishedDeadLetters.TryWithhold(partition, offset);

    /// <summary>Dead-letters a record that did not decode (or counts it only, when its dead letter is already published).</summary>
    public void DeadLetter(ConsumeResult<byte[]?, byte[]?> result, SourcePosition position, DecodeError error, bool publishedBefore)
    {
        counters.AddDeadLetter(error.Kind);
        if (publishedBefore)
        {
            counters.AddDeadLetterAlreadyPublished();
        }
        else if (topology.Sinks.DeadLetterTopic is { } deadLetterTopic)
        {
            var letter = DeadLetterMessage.Create(result.Message.Key, result.Message.Value, result.Message.Headers, position, error);
            lock (sendGate)
            {
                producer!.Send(deadLetterTopic, letter, $"dead letter of {position}");
            }
        }
        else
        {
            KafkaWorkerLog.DeadLetterNotPublished(logger, position.ToString(), error.ToString());
        }
    }

    /// <summary>A sensor of an owned partition scored a window ending at <paramref name="windowEndMs"/>.</summary>
    public void ScoredThrough(int partition, string sensor, long windowEndMs)
    {
        if (withholdAlerts)
        {
            AlreadyPublishedAlerts.ScoredThrough(partition, sensor, windowEndMs);
        }
    }

    /// <summary>A sensor of an owned partition was evicted.</summary>
    public void Evicted(int partition, string sensor) => AlreadyPublishedAlerts.Evicted(partition, sensor);

    /// <summary>A partition is no longer owned.</summary>
    public void Forget(int partition)
    {
        AlreadyPublishedAlerts.Forget(partition);
        AlreadyPublishedDeadLetters.Forget(partition);
    }

    /// <summary>Flushes the local sinks (before a checkpoint covers their alerts).</summary>
    public void FlushSinks()
    {
        foreach (var sink in options.AlertSinks)
        {
            sink.Flush();
        }
    }

    /// <summary>Closes the local sinks.</summary>
    public void DisposeSinks()
    {
        foreach (var sink in options.AlertSinks)
        {
            sink.Dispose();
        }
    }

    private Headers Headers(int? sourcePartition)
    {
        var headers = new Headers { { AlertHeaders.SourceTopic, Encoding.UTF8.GetBytes(sourceTopic) } };
        if (sourcePartition is int partition)
        {
            headers.Add(AlertHeaders.SourcePartition, Encoding.UTF8.GetBytes(partition.ToString(CultureInfo.InvariantCulture)));
        }

        return headers;
    }
}
