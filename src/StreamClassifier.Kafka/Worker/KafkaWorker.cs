using System.Diagnostics;
using System.Globalization;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Alerts;
using StreamClassifier.Kafka.Checkpoints;
using StreamClassifier.Kafka.Clients;
using StreamClassifier.Kafka.Codecs;
using StreamClassifier.Kafka.DeadLetters;
using StreamClassifier.Kafka.Delivery;
using StreamClassifier.Pipeline;

namespace StreamClassifier.Kafka.Worker;

/// <summary>
/// The Kafka application around a <see cref="ClassificationPipeline"/>: a consumer-group member
/// (cooperative-sticky) polling on the calling thread and feeding decoded chunks into the pipeline,
/// dead letters for bad records, alerts to the alerts topic and local sinks, and commits that only
/// cover complete work. Each commit is preceded by a checkpoint of the partition's sensor state in a
/// compacted topic, restored on assignment, so a restart continues exactly where the committed state
/// left off. See docs/kafka.md for the guarantees and how they are kept.
/// </summary>
public sealed class KafkaWorker : IDisposable
{
    private static readonly TimeSpan TransactionTimeout = TimeSpan.FromSeconds(30);

    private readonly TopologyDefinition topology;
    private readonly ClassificationPipeline pipeline;
    private readonly KafkaWorkerOptions options;
    private readonly KafkaSourceSpec source;
    private readonly SensorRecordDecoder decoder;
    private readonly ILogger logger;
    private readonly object tracker = new();
    private readonly object captureLock = new();
    private readonly object transactionLock = new();
    private readonly Dictionary<int, PartitionProgress> partitions = [];
    private readonly Dictionary<string, int> partitionOfSensor = new(StringComparer.Ordinal);
    private readonly AlreadyPublishedAlerts alreadyPublished = new();
    private readonly AlreadyPublishedDeadLetters alreadyDeadLettered = new();
    private readonly BrokerSkipDetector brokerSkips;
    private TrackedProducer? producer;
    private IConsumer<byte[]?, byte[]?>? consumer;
    private CheckpointReader? checkpointReader;
    private PublishedOutputReader? outputReader;
    private string? readBackAlerts;
    private string? readBackDeadLetters;
    private Dictionary<int, long> alertFloor = [];
    private Dictionary<int, long> deadLetterFloor = [];
    private IObserver<SampleChunk>? chunkInput;
    private int inFlightTotal;
    private volatile bool captureRequested;
    private volatile bool stopWithoutCommit;
    private CheckpointBatch? pendingBatch;
    private List<TopicPartitionOffset>? committedInTransaction;
    private Exception? fatal;
    private bool paused;
    private long changeVersion;
    private long capturedVersion = -1;
    private int checkpointPartitionCount = 1;

    // Receipt time of each record in flight (only with AlertDelivered), and that of the record completing the window just scored.
    private readonly Dictionary<(int Partition, long Offset), RecordArrival> arrivals = [];
    private RecordArrival? scoredArrival;

    /// <summary>Creates a worker; nothing connects until <see cref="Run"/>.</summary>
    /// <param name="topology">The topology (source, sinks, delivery mode).</param>
    /// <param name="pipeline">The pipeline to feed (not owned).</param>
    /// <param name="options">Overrides and local sinks.</param>
    public KafkaWorker(TopologyDefinition topology, ClassificationPipeline pipeline, KafkaWorkerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(pipeline);
        this.topology = topology;
        this.pipeline = pipeline;
        this.options = options ?? new KafkaWorkerOptions();
        source = topology.Source.Kafka;
        decoder = SensorRecordDecoder.ForTopology(topology);
        logger = this.options.Logger;
        brokerSkips = new BrokerSkipDetector(source.Topic, Counters, logger);
        BootstrapServers = this.options.BootstrapServers ?? (source.IsEmbedded
            ? throw new ArgumentException($"Topology '{topology.Name}' says bootstrap: embedded; start an EmbeddedKafkaCluster and pass its address in KafkaWorkerOptions.BootstrapServers.", nameof(options))
            : source.Bootstrap);
    }

    /// <summary>Record-level totals.</summary>
    public KafkaWorkerCounters Counters { get; } = new();

    /// <summary>The bootstrap servers in use.</summary>
    public string BootstrapServers { get; }

    /// <summary>True in exactly-once mode (<c>delivery: exactly_once</c>).</summary>
    public bool ExactlyOnce => topology.Delivery == DeliveryMode.ExactlyOnce;

    /// <summary>Source partitions owned right now.</summary>
    public IReadOnlyList<int> AssignedPartitions
    {
        get
        {
            lock (tracker)
            {
                return [.. partitions.Keys.Order()];
            }
        }
    }

    /// <summary>Records consumed and not yet complete.</summary>
    public int InFlight => Volatile.Read(ref inFlightTotal);

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> fires (then drains, checkpoints, commits and
    /// leaves the group cleanly) or a fatal error (the brokers could not be prepared, alert delivery
    /// failed for good, the pipeline failed): then it stops without committing, so a restart redoes
    /// the uncommitted work. The report says which, and what was left.
    /// </summary>
    public KafkaWorkerStopReport Run(CancellationToken cancellationToken)
    {
        try
        {
            Start();
        }
        catch (Exception exception) when (exception is KafkaException or InvalidOperationException or TimeoutException)
        {
            Fail(new InvalidOperationException($"Starting against {BootstrapServers} failed: {exception.Message}", exception));
            return Report(0, null);
        }

        var input = Observable.Create<SampleChunk>(observer =>
        {
            chunkInput = observer;
            return Disposable.Create(() => chunkInput = null);
        });
        using var subscription = pipeline.Process(input).Subscribe(OnEvent, error => Fail(new InvalidOperationException($"The pipeline stopped: {error.Message}", error)));
        consumer!.Subscribe(source.Topic);
        KafkaWorkerLog.Consuming(logger, source.Topic, source.Group, BootstrapServers, ExactlyOnce ? "exactly-once" : "at-least-once");
        var inFlightAtStop = 0;
        string? finalCommitFailure = null;
        try
        {
            Poll(cancellationToken);
            inFlightAtStop = InFlight;
            if (Volatile.Read(ref fatal) is null)
            {
                finalCommitFailure = Drain();
            }
        }
        finally
        {
            stopWithoutCommit |= Volatile.Read(ref fatal) is not null;
            try
            {
                consumer.Close();
            }
            catch (KafkaException exception)
            {
                KafkaWorkerLog.LeaveFailed(logger, exception.Error.Reason);
            }
        }

        if (Volatile.Read(ref fatal) is null)
        {
            KafkaWorkerLog.Stopped(logger, Counters);
        }

        return Report(inFlightAtStop, finalCommitFailure);
    }

    private void Start()
    {
        var clients = new KafkaClientConfigs(source, BootstrapServers, options.InstanceId);
        var clientConfig = clients.Shared();
        PrepareCheckpointTopic(clients.Admin());
        producer = new TrackedProducer(clients.Producer(), ExactlyOnce ? $"streamclassifier-{source.Group}-{options.InstanceId}" : null, logger);
        if (ExactlyOnce)
        {
            // Fences an earlier incarnation with the same id and aborts its open transaction.
            producer.Producer.InitTransactions(TransactionTimeout);
            producer.Producer.BeginTransaction();
            // Where this incarnation's outputs can start: nothing it sends lands before these offsets.
            outputReader = new PublishedOutputReader(clientConfig, logger);
            readBackAlerts = topology.Sinks.AlertsTopic;
            readBackDeadLetters = topology.Sinks.DeadLetterTopic;
            alertFloor = readBackAlerts is null ? [] : outputReader.EndOffsets(readBackAlerts, TimeSpan.FromSeconds(30));
            deadLetterFloor = readBackDeadLetters is null ? [] : outputReader.EndOffsets(readBackDeadLetters, TimeSpan.FromSeconds(30));
        }

        checkpointReader = new CheckpointReader(clientConfig, source.EffectiveCheckpointTopic, source.Topic, logger);
        consumer = new ConsumerBuilder<byte[]?, byte[]?>(clients.GroupConsumer())
            .SetPartitionsAssignedHandler((_, assigned) => OnAssigned(assigned))
            .SetPartitionsRevokedHandler((_, revoked) => OnRevoked(revoked))
            .SetPartitionsLostHandler((_, lost) => OnLost(lost))
            .WithLogger(logger)
            .Build();
    }

    /// <summary>The poll loop: read, hand over, keep the flow bounded, checkpoint and commit on the interval; never blocks on the broker.</summary>
    private void Poll(CancellationToken cancellationToken)
    {
        var nextCommit = DateTime.UtcNow + options.CommitInterval;
        while (!cancellationToken.IsCancellationRequested && Volatile.Read(ref fatal) is null)
        {
            var result = consumer!.Consume(TimeSpan.FromMilliseconds(paused ? 50 : 20));
            if (result is { IsPartitionEOF: false, Message: not null })
            {
                Handle(result);
            }

            CheckProducer();
            ManageFlow();
            if (DateTime.UtcNow >= nextCommit)
            {
                nextCommit = DateTime.UtcNow + options.CommitInterval;
                RequestCheckpoint();
            }

            DriveCheckpoint();
        }
    }

    private KafkaWorkerStopReport Report(int inFlightAtStop, string? finalCommitFailure) =>
        new(inFlightAtStop, (int)Counters.InPipeline, finalCommitFailure, Volatile.Read(ref fatal) is { } error ? $"The worker stopped without committing: {error.Message} Restart it to redo the uncommitted work." : null, Counters);

    /// <inheritdoc />
    public void Dispose()
    {
        consumer?.Dispose();
        checkpointReader?.Dispose();
        outputReader?.Dispose();
        if (producer is not null)
        {
            if (!stopWithoutCommit && !producer.IsTransactional)
            {
                producer.Producer.Flush(TimeSpan.FromSeconds(10));
            }

            producer.Dispose();
        }

        foreach (var sink in options.AlertSinks)
        {
            sink.Dispose();
        }
    }

    private void Handle(ConsumeResult<byte[]?, byte[]?> result)
    {
        // The poll just returned the record: end-to-end latency starts here, so decoding counts in it.
        var receivedTimestamp = Stopwatch.GetTimestamp();
        var partition = result.Partition.Value;
        var offset = result.Offset.Value;
        PartitionProgress? progress;
        lock (tracker)
        {
            if (!partitions.TryGetValue(partition, out progress))
            {
                return; // revoked meanwhile: its new owner reads it
            }

            progress.NextOffset = offset + 1;
        }

        brokerSkips.Read(consumer!, result.TopicPartition, offset);
        Counters.AddConsumed();
        Interlocked.Increment(ref changeVersion);
        // Exactly-once: this record's dead letter may already be visible from before a crash.
        var deadLetteredBefore = readBackDeadLetters is not null && alreadyDeadLettered.TryWithhold(partition, offset);
        var key = result.Message.Key;
        if (progress.RestoredThrough.Count > 0 && key is not null
            && progress.RestoredThrough.TryGetValue(Encoding.UTF8.GetString(key), out var through) && offset <= through)
        {
            Counters.AddSkipped(); // already inside the restored state of its sensor
            return;
        }

        string? contentType = null;
        if (result.Message.Headers?.TryGetLastBytes(RecordContentType.HeaderName, out var contentTypeBytes) == true)
        {
            contentType = Encoding.ASCII.GetString(contentTypeBytes);
        }

        var position = new SourcePosition(result.Topic, partition, offset);
        if (decoder.TryDecode(key, result.Message.Value, contentType, position, out var chunk, out var error))
        {
            lock (tracker)
            {
                progress.InFlight.Add(offset);
                if (options.AlertDelivered is not null)
                {
                    arrivals[(partition, offset)] = new RecordArrival(result.Message.Timestamp.Type == TimestampType.NotAvailable ? null : result.Message.Timestamp.UnixTimestampMs, receivedTimestamp);
                }

                inFlightTotal++;
                progress.Sensors.Add(chunk.SensorId);
                progress.Dirty.Add(chunk.SensorId);
                progress.Evicted.Remove(chunk.SensorId);
                partitionOfSensor[chunk.SensorId] = partition;
            }

            Counters.AddDecoded();
            options.RecordReceived?.Invoke(chunk);
            chunkInput?.OnNext(chunk);
            return;
        }

        Counters.AddDeadLetter(error.Kind);
        if (deadLetteredBefore)
        {
            Counters.AddDeadLetterAlreadyPublished();
        }
        else if (topology.Sinks.DeadLetterTopic is { } deadLetterTopic)
        {
            var letter = DeadLetterPublisher.CreateMessage(key, result.Message.Value, result.Message.Headers, position, error);
            lock (transactionLock)
            {
                producer!.Send(deadLetterTopic, letter, $"dead letter of {position}");
            }
        }
        else
        {
            KafkaWorkerLog.DeadLetterNotPublished(logger, position.ToString(), error.ToString());
        }
    }

    private void OnEvent(PipelineEvent pipelineEvent)
    {
        // Runs under the pipeline's gate: events never overlap, and nothing changes sensor state meanwhile.
        options.PipelineEventObserved?.Invoke(pipelineEvent);
        switch (pipelineEvent)
        {
            case AlertEmitted { Alert: var alert }:
                var arrival = scoredArrival; // the receipt of the record that completed this alert's window
                foreach (var sink in options.AlertSinks)
                {
                    sink.Write(alert);
                }

                if (topology.Sinks.AlertsTopic is { } alertsTopic)
                {
                    int? sourcePartition = null;
                    lock (tracker)
                    {
                        if (partitionOfSensor.TryGetValue(alert.Sensor, out var owner))
                        {
                            sourcePartition = owner;
                        }
                    }

                    if (readBackAlerts is not null && sourcePartition is int partition && alreadyPublished.TryWithhold(partition, alert.Sensor, alert.AlertId))
                    {
                        Counters.AddAlertAlreadyPublished(); // visible since before a crash: publishing it again would duplicate it
                        break;
                    }

                    var message = new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(alert.Sensor), Value = AlertJson.Serialize(alert), Headers = AlertMessageHeaders(sourcePartition) };
                    lock (transactionLock)
                    {
                        producer!.Send(alertsTopic, message, $"alert {alert.AlertId}", onAcknowledged: () =>
                        {
                            Counters.AddAlertAcknowledged();
                            options.AlertDelivered?.Invoke(new AlertDelivery(alert, arrival is { } received ? Stopwatch.GetElapsedTime(received.ReceivedTimestamp) : null, arrival?.RecordTimestampMs));
                        });
                    }

                    Counters.AddAlertSent();
                }

                break;
            case WindowScored { Score.Window: { SensorId: var sensorId } window }:
                // Its alert policy moved on: the sensor's checkpoint must be rewritten.
                lock (tracker)
                {
                    // The alert this window may cause comes next (same flush, same gate): it takes this arrival.
                    scoredArrival = window.CompletedBy is { } completedBy && arrivals.TryGetValue((completedBy.Partition, completedBy.Offset), out var completing) ? completing : null;

                    if (partitionOfSensor.TryGetValue(sensorId, out var partition) && partitions.TryGetValue(partition, out var progress))
                    {
                        progress.Dirty.Add(sensorId);
                        if (readBackAlerts is not null)
                        {
                            alreadyPublished.ScoredThrough(partition, sensorId, (long)Math.Round(window.EndMs, MidpointRounding.AwayFromZero));
                        }
                    }
                }

                Interlocked.Increment(ref changeVersion);
                break;
            case ChunkCompleted { Chunk.Source: { } position }:
                lock (tracker)
                {
                    arrivals.Remove((position.Partition, position.Offset));
                    if (partitions.TryGetValue(position.Partition, out var progress) && progress.InFlight.Remove(position.Offset))
                    {
                        inFlightTotal--;
                        Monitor.PulseAll(tracker);
                    }
                }

                Counters.AddChunkCompleted();
                Interlocked.Increment(ref changeVersion);
                if (ExactlyOnce && captureRequested)
                {
                    CommitTransaction();
                }

                break;
            case SensorEvicted { SensorId: var sensorId }:
                lock (tracker)
                {
                    if (partitionOfSensor.Remove(sensorId, out var partition) && partitions.TryGetValue(partition, out var progress))
                    {
                        progress.Sensors.Remove(sensorId);
                        progress.Dirty.Remove(sensorId);
                        progress.Evicted.Add(sensorId);
                        alreadyPublished.Evicted(partition, sensorId);
                    }
                }

                Interlocked.Increment(ref changeVersion);
                break;
        }
    }

    private IEnumerable<TopicPartitionOffset> OnAssigned(List<TopicPartition> assigned)
    {
        var numbers = assigned.Where(tp => tp.Topic == source.Topic).Select(tp => tp.Partition.Value).ToList();
        var checkpoints = checkpointReader!.Read(numbers, checkpointPartitionCount, TimeSpan.FromSeconds(30));
        var restoredSensors = 0;
        foreach (var number in numbers)
        {
            var progress = new PartitionProgress(number);
            var checkpoint = checkpoints[number];
            foreach (var (sensorId, snapshot) in checkpoint.Sensors)
            {
                try
                {
                    pipeline.Restore(snapshot);
                }
                catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
                {
                    KafkaWorkerLog.CheckpointNotRestored(logger, sensorId, source.Topic, number, exception.Message);
                    continue;
                }

                restoredSensors++;
                progress.Sensors.Add(sensorId);
                if (snapshot.LastSource is { } last && last.Topic == source.Topic && last.Partition == number)
                {
                    progress.RestoredThrough[sensorId] = last.Offset;
                }
            }

            if (checkpoint.NextOffset is long next)
            {
                // CommittedOffset stays -1: the group's own commit may lag the checkpoint (crash in between), so commit again.
                progress.NextOffset = next;
            }

            lock (tracker)
            {
                partitions[number] = progress;
                foreach (var sensorId in progress.Sensors)
                {
                    partitionOfSensor[sensorId] = number;
                }
            }
        }

        if (outputReader is not null)
        {
            ReadBackOutputs(numbers, checkpoints);
        }

        brokerSkips.Assigned(consumer!, numbers.ToDictionary(number => number, number => checkpoints[number].NextOffset));

        KafkaWorkerLog.Assigned(logger, source.Topic, string.Join(",", numbers), restoredSensors);
        Interlocked.Increment(ref changeVersion);
        return assigned.Select(tp => checkpoints.TryGetValue(tp.Partition.Value, out var checkpoint) && checkpoint.NextOffset is long next
            ? new TopicPartitionOffset(tp, new Offset(next))
            : new TopicPartitionOffset(tp, Offset.Unset));
    }

    private void OnRevoked(List<TopicPartitionOffset> revoked)
    {
        var numbers = revoked.Where(tp => tp.Topic == source.Topic).Select(tp => tp.Partition.Value).ToHashSet();
        KafkaWorkerLog.Revoking(logger, source.Topic, string.Join(",", numbers.Order()));
        try
        {
            if (!stopWithoutCommit && Volatile.Read(ref fatal) is null)
            {
                if (!WaitForPartitionsToDrain(numbers, options.DrainTimeout))
                {
                    KafkaWorkerLog.RevokedWorkUnfinished(logger);
                }

                CommitNow(numbers);
            }
        }
        catch (Exception exception) when (exception is KafkaException or TimeoutException)
        {
            KafkaWorkerLog.RevocationCommitFailed(logger, exception.Message);
        }
        finally
        {
            Forget(numbers);
        }
    }

    private void OnLost(List<TopicPartitionOffset> lost)
    {
        var numbers = lost.Select(tp => tp.Partition.Value).ToHashSet();
        KafkaWorkerLog.Lost(logger, source.Topic, string.Join(",", numbers.Order()));
        Forget(numbers);
    }

    private void Forget(HashSet<int> numbers)
    {
        brokerSkips.Forget(numbers);
        lock (tracker)
        {
            foreach (var number in numbers)
            {
                alreadyPublished.Forget(number);
                alreadyDeadLettered.Forget(number);
                if (partitions.Remove(number, out var progress))
                {
                    inFlightTotal -= progress.InFlight.Count;
                    foreach (var offset in progress.InFlight)
                    {
                        arrivals.Remove((number, offset));
                    }

                    foreach (var sensorId in progress.Sensors)
                    {
                        if (partitionOfSensor.TryGetValue(sensorId, out var owner) && owner == number)
                        {
                            partitionOfSensor.Remove(sensorId);
                        }
                    }
                }
            }

            if (pendingBatch is not null)
            {
                foreach (var number in numbers)
                {
                    pendingBatch.Offsets.Remove(number);
                }
            }
        }
    }

    private bool WaitForPartitionsToDrain(IReadOnlyCollection<int> numbers, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (tracker)
        {
            while (numbers.Any(n => partitions.TryGetValue(n, out var p) && p.InFlight.Count > 0))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }

                Monitor.Wait(tracker, left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
            }
        }

        return true;
    }

    /// <summary>Graceful stop: stop fetching, let in-flight work finish, checkpoint and commit everything; returns why the final commit failed, if it did.</summary>
    private string? Drain()
    {
        var assignment = consumer!.Assignment;
        if (assignment.Count > 0)
        {
            consumer.Pause(assignment);
        }

        var deadline = DateTime.UtcNow + options.DrainTimeout;
        while (InFlight > 0 && DateTime.UtcNow < deadline && Volatile.Read(ref fatal) is null)
        {
            consumer.Consume(TimeSpan.FromMilliseconds(50)); // paused: serves the group protocol only
            CheckProducer();
        }

        if (Volatile.Read(ref fatal) is null)
        {
            lock (tracker)
            {
                pendingBatch = null;
            }

            try
            {
                CommitNow(null);
            }
            catch (Exception exception) when (exception is KafkaException or TimeoutException)
            {
                KafkaWorkerLog.FinalCommitFailed(logger, exception.Message);
                return exception.Message;
            }
        }

        return null;
    }

    /// <summary>Checkpoints and commits synchronously (revocation, shutdown), bounded by the drain timeout.</summary>
    private void CommitNow(IReadOnlyCollection<int>? only)
    {
        if (ExactlyOnce)
        {
            captureRequested = true;
            var deadline = DateTime.UtcNow + options.DrainTimeout;
            while (captureRequested && DateTime.UtcNow < deadline && Volatile.Read(ref fatal) is null)
            {
                if (InFlight == 0)
                {
                    CommitTransaction();
                }
                else
                {
                    Thread.Sleep(10); // the capture runs on the pipeline's next completion event
                }
            }

            CommitGroupOffsetsAfterTransaction();
            return;
        }

        var batch = Capture(only);
        if (!producer!.WaitForAcknowledgements(batch.WorkSequence, options.DrainTimeout))
        {
            throw new TimeoutException($"alerts and dead letters were not acknowledged within {options.DrainTimeout.TotalSeconds:0} s");
        }

        WriteCheckpoint(batch);
        if (!producer.WaitForAcknowledgements(batch.CheckpointSequence, options.DrainTimeout))
        {
            throw new TimeoutException($"the checkpoint was not acknowledged within {options.DrainTimeout.TotalSeconds:0} s");
        }

        CommitOffsets(batch.Offsets);
    }

    private void RequestCheckpoint()
    {
        var version = Interlocked.Read(ref changeVersion);
        if (version == capturedVersion)
        {
            return;
        }

        if (ExactlyOnce)
        {
            captureRequested = true;
            if (InFlight == 0)
            {
                CommitTransaction();
            }

            capturedVersion = version;
            return;
        }

        lock (tracker)
        {
            if (pendingBatch is not null)
            {
                return;
            }
        }

        capturedVersion = version;
        var batch = Capture(null);
        lock (tracker)
        {
            pendingBatch = batch;
        }
    }

    /// <summary>At-least-once: advance the pending checkpoint without blocking the poll loop.</summary>
    private void DriveCheckpoint()
    {
        if (ExactlyOnce)
        {
            CommitGroupOffsetsAfterTransaction();
            return;
        }

        CheckpointBatch? batch;
        lock (tracker)
        {
            batch = pendingBatch;
        }

        if (batch is null)
        {
            return;
        }

        if (batch.CheckpointSequence < 0)
        {
            if (producer!.AcknowledgedThrough >= batch.WorkSequence)
            {
                WriteCheckpoint(batch);
            }

            return;
        }

        if (producer!.AcknowledgedThrough >= batch.CheckpointSequence)
        {
            CommitOffsets(batch.Offsets);
            lock (tracker)
            {
                if (ReferenceEquals(pendingBatch, batch))
                {
                    pendingBatch = null;
                }
            }
        }
    }

    /// <summary>
    /// A consistent cut. The resume offsets are read first, then each changed sensor's state, then the
    /// last send's sequence number: every record before a resume offset has completed (so its alerts
    /// were sent before that number), and every alert a snapshot's state already reflects was sent
    /// before the snapshot. Waiting for that number's acknowledgement therefore covers both.
    /// </summary>
    private CheckpointBatch Capture(IReadOnlyCollection<int>? only)
    {
        var batch = new CheckpointBatch();
        var changed = new List<(int Partition, string SensorId, bool Evicted)>();
        lock (tracker)
        {
            foreach (var progress in partitions.Values)
            {
                if (only is not null && !only.Contains(progress.Partition))
                {
                    continue;
                }

                var resume = progress.CompleteUpTo;
                if (resume < 0)
                {
                    continue;
                }

                batch.Offsets[progress.Partition] = resume;
                changed.AddRange(progress.Dirty.Select(sensorId => (progress.Partition, sensorId, false)));
                changed.AddRange(progress.Evicted.Select(sensorId => (progress.Partition, sensorId, true)));
                progress.Dirty.Clear();
                progress.Evicted.Clear();
            }
        }

        foreach (var (partition, sensorId, evicted) in changed)
        {
            var snapshot = evicted ? null : pipeline.Snapshot(sensorId);
            batch.Records.Add((partition, CheckpointKeys.Sensor(source.Topic, partition, sensorId), snapshot?.ToBytes()));
        }

        foreach (var (partition, offset) in batch.Offsets)
        {
            batch.Records.Add((partition, CheckpointKeys.Offset(source.Topic, partition), Encoding.UTF8.GetBytes(offset.ToString(CultureInfo.InvariantCulture))));
        }

        batch.WorkSequence = producer!.LastSequence;
        return batch;
    }

    private void WriteCheckpoint(CheckpointBatch batch)
    {
        foreach (var sink in options.AlertSinks)
        {
            sink.Flush();
        }

        foreach (var (partition, key, value) in batch.Records)
        {
            producer!.Send(source.EffectiveCheckpointTopic, new Message<byte[]?, byte[]?> { Key = key, Value = value }, $"checkpoint of {source.Topic}[{partition}]", partition % checkpointPartitionCount);
        }

        batch.CheckpointSequence = producer!.LastSequence;
    }

    /// <summary>
    /// Exactly-once: runs either inside a pipeline event (under the pipeline's gate, so no alert can be
    /// emitted between the state snapshot and the transaction commit) or on the poll thread when
    /// nothing is in flight. Alerts, dead letters, state checkpoints, the resume offsets and the
    /// consumer offsets all commit in one transaction.
    /// </summary>
    private void CommitTransaction()
    {
        if (!Monitor.TryEnter(captureLock))
        {
            return;
        }

        try
        {
            if (!captureRequested || Volatile.Read(ref fatal) is not null)
            {
                return;
            }

            var batch = Capture(null);
            if (outputReader is not null)
            {
                // Checkpoint records are visible before the commit on the mock broker: the outputs they cover must already be there.
                if (!producer!.WaitForAcknowledgements(batch.WorkSequence, options.DrainTimeout))
                {
                    Fail(new InvalidOperationException($"Alerts and dead letters were not acknowledged within {options.DrainTimeout.TotalSeconds:0} s{(producer.FatalError is { } error ? $": {error.Reason}" : string.Empty)}."));
                    return;
                }

                // Nothing can be sent between the cut and here (pipeline gate, or nothing in flight), so these lie at or before every later output.
                var alertsNow = CurrentWatermark(readBackAlerts, alertFloor);
                var deadLettersNow = CurrentWatermark(readBackDeadLetters, deadLetterFloor);
                foreach (var partition in batch.Offsets.Keys)
                {
                    if (readBackAlerts is not null)
                    {
                        batch.Records.Add((partition, CheckpointKeys.AlertWatermark(source.Topic, partition), OutputWatermark.ToBytes(alreadyPublished.WatermarkFor(partition, alertsNow))));
                    }

                    if (readBackDeadLetters is not null)
                    {
                        batch.Records.Add((partition, CheckpointKeys.DeadLetterWatermark(source.Topic, partition), OutputWatermark.ToBytes(alreadyDeadLettered.WatermarkFor(partition, deadLettersNow))));
                    }
                }
            }

            lock (transactionLock)
            {
                WriteCheckpoint(batch);
                var offsets = batch.Offsets.Select(kv => new TopicPartitionOffset(source.Topic, kv.Key, kv.Value)).ToList();
                if (offsets.Count > 0)
                {
                    producer!.Producer.SendOffsetsToTransaction(offsets, consumer!.ConsumerGroupMetadata, TransactionTimeout);
                }

                producer!.Producer.CommitTransaction(TransactionTimeout);
                producer.Producer.BeginTransaction();
                lock (tracker)
                {
                    committedInTransaction = offsets;
                }
            }

            captureRequested = false;
        }
        catch (KafkaException exception)
        {
            Fail(new InvalidOperationException($"Committing the transaction failed: {exception.Error.Reason} ({exception.Error.Code}).", exception));
        }
        finally
        {
            Monitor.Exit(captureLock);
        }
    }

    /// <summary>
    /// Exactly-once, after an assignment: the read-back (docs/kafka.md, "Exactly-once on the mock
    /// broker"). For partitions whose checkpoint has an output watermark, reads the alerts (dead
    /// letters) visible from it with read_committed; the restored pipeline's regenerated alerts, and
    /// the records read again whose dead letter is already there, are then not published again. For
    /// partitions without one, writes a watermark first and waits for it, so a later crash has one.
    /// </summary>
    private void ReadBackOutputs(List<int> numbers, IReadOnlyDictionary<int, PartitionCheckpoint> checkpoints)
    {
        try
        {
            var missing = new List<(int Partition, byte[] Key, byte[] Value)>();
            if (readBackAlerts is { } alertsTopic)
            {
                var found = ReadBack(numbers, n => checkpoints[n].AlertWatermark, missing, CheckpointKeys.AlertWatermark, alertFloor, alertsTopic, outputReader!.ReadAlerts, alert => (alert.SourcePartition, alert.Position));
                foreach (var (number, watermark, alerts) in found)
                {
                    alreadyPublished.Add(number, watermark, alerts);
                    if (alerts.Count > 0)
                    {
                        KafkaWorkerLog.AlreadyPublished(logger, alerts.Count, "alert(s)", source.Topic, number, alertsTopic);
                    }
                }
            }

            if (readBackDeadLetters is { } deadLetterTopic)
            {
                var found = ReadBack(numbers, n => checkpoints[n].DeadLetterWatermark, missing, CheckpointKeys.DeadLetterWatermark, deadLetterFloor, deadLetterTopic, outputReader!.ReadDeadLetters, deadLetter => (deadLetter.SourcePartition, deadLetter.Position));
                foreach (var (number, watermark, deadLetters) in found)
                {
                    alreadyDeadLettered.Add(number, watermark, checkpoints[number].NextOffset ?? 0, deadLetters);
                    if (deadLetters.Count > 0)
                    {
                        KafkaWorkerLog.AlreadyPublished(logger, deadLetters.Count, "dead letter(s)", source.Topic, number, deadLetterTopic);
                    }
                }
            }

            if (missing.Count > 0)
            {
                lock (transactionLock)
                {
                    var last = 0L;
                    foreach (var (number, key, value) in missing)
                    {
                        last = producer!.Send(source.EffectiveCheckpointTopic, new Message<byte[]?, byte[]?> { Key = key, Value = value }, $"output watermark of {source.Topic}[{number}]", number % checkpointPartitionCount);
                    }

                    if (!producer!.WaitForAcknowledgements(last, options.DrainTimeout))
                    {
                        throw new TimeoutException($"the output watermarks of {source.Topic}[{string.Join(",", missing.Select(m => m.Partition).Distinct())}] were not acknowledged within {options.DrainTimeout.TotalSeconds:0} s");
                    }
                }
            }
        }
        catch (Exception exception) when (exception is KafkaException or TimeoutException or InvalidOperationException)
        {
            Fail(new InvalidOperationException($"Reading back the outputs of {source.Topic}[{string.Join(",", numbers)}] failed: {exception.Message}", exception));
        }
    }

    /// <summary>
    /// Reads one output topic back for the partitions that have a watermark for it (returning what
    /// lies past each partition's own watermark), and queues a watermark for those that have none.
    /// </summary>
    private List<(int Partition, IReadOnlyDictionary<int, long> Watermark, List<T> Found)> ReadBack<T>(
        List<int> numbers,
        Func<int, IReadOnlyDictionary<int, long>?> watermarkOf,
        List<(int Partition, byte[] Key, byte[] Value)> missing,
        Func<string, int, byte[]> keyOf,
        Dictionary<int, long> floor,
        string topic,
        Func<string, IReadOnlyDictionary<int, long>, string, IReadOnlySet<int>, TimeSpan, List<T>> read,
        Func<T, (int SourcePartition, TopicPartitionOffset Position)> locate)
    {
        var watermarked = numbers.Where(n => watermarkOf(n) is not null).ToHashSet();
        var current = OutputWatermark.ToBytes(CurrentWatermark(topic, floor));
        missing.AddRange(numbers.Where(n => !watermarked.Contains(n)).Select(n => (n, keyOf(source.Topic, n), current)));
        if (watermarked.Count == 0)
        {
            return [];
        }

        var from = watermarked.SelectMany(n => watermarkOf(n)!).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Min(kv => kv.Value));
        var found = read(topic, from, source.Topic, watermarked, TimeSpan.FromSeconds(30));
        return [.. watermarked.Select(n =>
        {
            var watermark = watermarkOf(n)!;
            var past = found.Where(output => locate(output) is var (sourcePartition, position)
                && sourcePartition == n && position.Offset.Value >= watermark.GetValueOrDefault(position.Partition.Value)).ToList();
            return (n, watermark, past);
        })];
    }

    /// <summary>Per partition of an output topic, where this worker's next record there can land at the earliest.</summary>
    private Dictionary<int, long> CurrentWatermark(string? topic, Dictionary<int, long> floor)
    {
        var current = new Dictionary<int, long>(floor);
        if (topic is not null)
        {
            foreach (var (partition, end) in producer!.DeliveredEndOffsets(topic))
            {
                current[partition] = Math.Max(end, current.GetValueOrDefault(partition));
            }
        }

        return current;
    }

    private Headers AlertMessageHeaders(int? sourcePartition)
    {
        var headers = new Headers { { AlertHeaders.SourceTopic, Encoding.UTF8.GetBytes(source.Topic) } };
        if (sourcePartition is int partition)
        {
            headers.Add(AlertHeaders.SourcePartition, Encoding.UTF8.GetBytes(partition.ToString(CultureInfo.InvariantCulture)));
        }

        return headers;
    }

    /// <summary>Also commits the transaction's offsets to the group (the mock broker does not store offsets sent to transactions; lag monitoring reads these).</summary>
    private void CommitGroupOffsetsAfterTransaction()
    {
        List<TopicPartitionOffset>? offsets;
        lock (tracker)
        {
            offsets = committedInTransaction;
            committedInTransaction = null;
        }

        if (offsets is { Count: > 0 })
        {
            CommitOffsets(offsets.ToDictionary(tpo => tpo.Partition.Value, tpo => tpo.Offset.Value));
        }
    }

    private void CommitOffsets(Dictionary<int, long> offsets)
    {
        List<TopicPartitionOffset> toCommit;
        lock (tracker)
        {
            toCommit = [.. offsets
                .Where(kv => partitions.TryGetValue(kv.Key, out var progress) && kv.Value > progress.CommittedOffset)
                .Select(kv => new TopicPartitionOffset(source.Topic, kv.Key, kv.Value))];
        }

        if (toCommit.Count == 0)
        {
            return;
        }

        try
        {
            consumer!.Commit(toCommit);
            Counters.AddCommit();
            lock (tracker)
            {
                foreach (var tpo in toCommit)
                {
                    if (partitions.TryGetValue(tpo.Partition.Value, out var progress))
                    {
                        progress.CommittedOffset = tpo.Offset.Value;
                    }
                }
            }
        }
        catch (KafkaException exception)
        {
            // Typically a rebalance in progress; the next interval commits again (the checkpoint already holds the state).
            KafkaWorkerLog.CommitFailed(logger, string.Join(", ", toCommit), exception.Error.Reason);
            Interlocked.Increment(ref changeVersion);
        }
    }

    private void ManageFlow()
    {
        var inFlight = InFlight;
        if (inFlight < source.MaxInFlightRecords && !(paused && inFlight <= source.MaxInFlightRecords / 2))
        {
            return; // the common case, checked first: reading the assignment crosses into librdkafka and allocates a list per call
        }

        var assignment = consumer!.Assignment;
        if (assignment.Count == 0)
        {
            return;
        }

        if (inFlight >= source.MaxInFlightRecords)
        {
            // Paused partitions still poll: the member stays in the group however far behind it is.
            consumer.Pause(assignment);
            paused = true;
        }
        else if (paused && inFlight <= source.MaxInFlightRecords / 2)
        {
            consumer.Resume(assignment);
            paused = false;
        }
    }

    private void CheckProducer()
    {
        if (producer!.FatalError is { } error)
        {
            stopWithoutCommit = true;
            Fail(new InvalidOperationException($"Kafka did not acknowledge {producer.FatalContext}: {error.Reason} ({error.Code})."));
        }
    }

    private void PrepareCheckpointTopic(AdminClientConfig adminConfig)
    {
        using var admin = new AdminClientBuilder(adminConfig).WithLogger(logger).Build();
        var checkpointTopic = source.EffectiveCheckpointTopic;
        int? PartitionCount(string topic)
        {
            var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
            var found = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
            return found is { Error.IsError: false, Partitions.Count: > 0 } ? found.Partitions.Count : null;
        }

        if (PartitionCount(checkpointTopic) is not int count)
        {
            var partitionsWanted = PartitionCount(source.Topic) ?? 4;
            try
            {
                admin.CreateTopicsAsync(
                    [new TopicSpecification { Name = checkpointTopic, NumPartitions = partitionsWanted, ReplicationFactor = -1, Configs = new Dictionary<string, string> { ["cleanup.policy"] = "compact" } }],
                    new CreateTopicsOptions { RequestTimeout = TimeSpan.FromSeconds(10), OperationTimeout = TimeSpan.FromSeconds(10) })
                    .Wait(TimeSpan.FromSeconds(12));
            }
            catch (AggregateException exception) when (exception.InnerException is CreateTopicsException or KafkaException)
            {
                KafkaWorkerLog.CheckpointTopicNotCreated(logger, checkpointTopic, exception.InnerException.Message);
            }

            count = PartitionCount(checkpointTopic) ?? throw new InvalidOperationException(
                $"The checkpoint topic '{checkpointTopic}' does not exist and could not be created. Create it as a compacted topic (cleanup.policy=compact) with {partitionsWanted} partitions, or set source.kafka.checkpoint_topic.");
        }

        checkpointPartitionCount = count;
    }

    private void Fail(Exception exception)
    {
        if (Interlocked.CompareExchange(ref fatal, exception, null) is null)
        {
            stopWithoutCommit = true;
            KafkaWorkerLog.Fatal(logger, exception.Message);
        }
    }
}
