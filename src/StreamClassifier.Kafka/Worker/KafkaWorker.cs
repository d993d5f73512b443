using System.Diagnostics;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Checkpoints;
using StreamClassifier.Kafka.Clients;
using StreamClassifier.Kafka.Codecs;
using StreamClassifier.Kafka.Commits;
using StreamClassifier.Kafka.Publishing;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Events;

namespace StreamClassifier.Kafka.Worker;

/// <summary>
/// The Kafka application around a <see cref="ClassificationPipeline"/>: a consumer-group member
/// polling on the calling thread, decoding records into the pipeline and handling rebalances, while
/// the pipeline scores on a scoring thread (<see cref="KafkaWorkerOptions.Scoring"/>) whose events
/// the <see cref="PipelineEventHandler"/> turns into alerts and progress. Its
/// parts: the <see cref="PartitionLedger"/> (owned partitions and their progress), the
/// <see cref="OutputPublisher"/> (alerts, dead letters), the <see cref="CheckpointWriter"/> (cuts of
/// sensor state and offsets) and the <see cref="CommitStrategy"/> of the delivery mode, which decides
/// when and how complete work is committed. A restart continues exactly where the committed state left
/// off. See docs/kafka.md for the guarantees and how they are kept; <see cref="KafkaWorkerRun"/> runs it.
/// </summary>
public sealed class KafkaWorker : IDisposable
{
    private static readonly TimeSpan CheckpointReadTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Full batches the scoring queue holds before the partitions pause (half of them left when they resume: a 50 ms paused poll never starves the scorer).</summary>
    private const int WaitingBatches = 32;
    private readonly TopologyDefinition topology;
    private readonly ClassificationPipeline pipeline;
    private readonly KafkaWorkerOptions options;
    private readonly KafkaSourceSpec source;
    private readonly SensorRecordDecoder decoder;
    private readonly ILogger logger;
    private readonly PartitionLedger ledger = new();
    private readonly OutputPublisher publisher;
    private readonly CheckpointWriter checkpoints;
    private readonly CommitStrategy commits;
    private readonly BrokerSkipDetector brokerSkips;
    private readonly FlowControl flow;
    private readonly PipelineEventHandler events;
    private IConsumer<byte[]?, byte[]?>? consumer;
    private CheckpointReader? checkpointReader;
    private IObserver<SampleChunk>? chunkInput;
    private volatile bool stopWithoutCommit;
    private Exception? fatal;
    private long capturedVersion = -1;

    /// <summary>Creates a worker; nothing connects until <see cref="Run"/>.</summary>
    /// <param name="topology">The topology (source, sinks, delivery mode).</param>
    /// <param name="pipeline">The pipeline to feed (not owned).</param>
    /// <param name="options">Overrides, local sinks, hooks and the logger.</param>
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
        flow = new FlowControl(source.MaxInFlightRecords, WindowsWaitingBound(topology));
        publisher = new OutputPublisher(topology, this.options, Counters, logger);
        checkpoints = new CheckpointWriter(source, pipeline, ledger, publisher, logger);
        commits = CommitStrategy.For(new CommitContext(topology, this.options, Counters, logger, ledger, checkpoints, publisher, Fail, () => Volatile.Read(ref fatal) is not null));
        events = new PipelineEventHandler(source.Topic, this.options, Counters, ledger, publisher, commits);
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
    public IReadOnlyList<int> AssignedPartitions => ledger.Owned;

    /// <summary>Records consumed and not yet complete.</summary>
    public int InFlight => ledger.InFlight;

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
        using var subscription = pipeline.Process(input, options.Scoring).Subscribe(events.OnEvent, error => Fail(new InvalidOperationException($"The pipeline stopped: {error.Message}", error)));
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

    /// <inheritdoc />
    public void Dispose()
    {
        consumer?.Dispose();
        checkpointReader?.Dispose();
        commits.Dispose(stopWithoutCommit);
        publisher.DisposeSinks();
    }

    private void Start()
    {
        var clients = new KafkaClientConfigs(source, BootstrapServers, options.InstanceId);
        checkpoints.Prepare(clients.Admin());
        commits.Start(clients);
        checkpointReader = new CheckpointReader(clients.Shared(), source.EffectiveCheckpointTopic, source.Topic, logger);
        consumer = new ConsumerBuilder<byte[]?, byte[]?>(clients.GroupConsumer())
            .SetPartitionsAssignedHandler((_, assigned) => OnAssigned(assigned))
            .SetPartitionsRevokedHandler((_, revoked) => OnRevoked(revoked))
            .SetPartitionsLostHandler((_, lost) => OnLost(lost))
            .WithLogger(logger)
            .Build();
        commits.Attach(consumer);
    }

    /// <summary>The poll loop: read, hand over, keep the flow bounded, checkpoint and commit on the interval; never blocks on the broker.</summary>
    private void Poll(CancellationToken cancellationToken)
    {
        var nextCommit = DateTime.UtcNow + options.CommitInterval;
        while (!cancellationToken.IsCancellationRequested && Volatile.Read(ref fatal) is null)
        {
            var result = consumer!.Consume(TimeSpan.FromMilliseconds(flow.Paused ? 50 : 20));
            if (result is { IsPartitionEOF: false, Message: not null })
            {
                Handle(result);
            }

            CheckProducer();
            flow.Update(consumer, InFlight, pipeline.WindowsAwaitingScore);
            if (DateTime.UtcNow >= nextCommit)
            {
                nextCommit = DateTime.UtcNow + options.CommitInterval;
                RequestCheckpoint();
            }

            commits.Drive();
        }
    }

    /// <summary>The scoring queue's bound: enough batches that the scorer never runs dry while the partitions resume.</summary>
    private static int WindowsWaitingBound(TopologyDefinition topology) => WaitingBatches * topology.Batching.MaxBatch;

    private KafkaWorkerStopReport Report(int inFlightAtStop, string? finalCommitFailure) =>
        new(inFlightAtStop, (int)Counters.InPipeline, finalCommitFailure, Volatile.Read(ref fatal) is { } error ? $"The worker stopped without committing: {error.Message} Restart it to redo the uncommitted work." : null, Counters);

    private void Handle(ConsumeResult<byte[]?, byte[]?> result)
    {
        // The poll just returned the record: end-to-end latency starts here, so decoding counts in it.
        var receivedTimestamp = Stopwatch.GetTimestamp();
        var partition = result.Partition.Value;
        var offset = result.Offset.Value;
        if (!ledger.TryRead(partition, offset, out var progress))
        {
            return; // revoked meanwhile: its new owner reads it
        }

        brokerSkips.Read(consumer!, result.TopicPartition, offset);
        Counters.AddConsumed();
        // Exactly-once: this record's dead letter may already be visible from before a crash.
        var deadLetteredBefore = publisher.DeadLetteredBefore(partition, offset);
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
        if (!decoder.TryDecode(key, result.Message.Value, contentType, position, out var chunk, out var error))
        {
            publisher.DeadLetter(result, position, error, deadLetteredBefore);
            return;
        }

        var arrival = options.AlertDelivered is null ? (RecordArrival?)null
            : new RecordArrival(result.Message.Timestamp.Type == TimestampType.NotAvailable ? null : result.Message.Timestamp.UnixTimestampMs, receivedTimestamp);
        ledger.Started(progress, offset, chunk.SensorId, arrival);
        Counters.AddDecoded();
        options.RecordReceived?.Invoke(chunk);
        chunkInput?.OnNext(chunk);
    }

    private IEnumerable<TopicPartitionOffset> OnAssigned(List<TopicPartition> assigned)
    {
        var numbers = assigned.Where(tp => tp.Topic == source.Topic).Select(tp => tp.Partition.Value).ToList();
        var restored = checkpointReader!.Read(numbers, checkpoints.PartitionCount, CheckpointReadTimeout);

        // What is already published past the checkpoints is known before any restored window can be scored (the scoring thread starts on them at once).
        commits.Assigned(numbers, restored);
        var restoredSensors = 0;
        foreach (var number in numbers)
        {
            var progress = new PartitionProgress(number);
            restoredSensors += CheckpointRestore.Into(pipeline, restored[number], progress, source.Topic, logger);
            ledger.Assign(progress);
        }

        brokerSkips.Assigned(consumer!, numbers.ToDictionary(number => number, number => restored[number].NextOffset));
        KafkaWorkerLog.Assigned(logger, source.Topic, string.Join(",", numbers), restoredSensors);
        return assigned.Select(tp => restored.TryGetValue(tp.Partition.Value, out var checkpoint) && checkpoint.NextOffset is long next
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
                if (!ledger.WaitForDrain(numbers, options.DrainTimeout))
                {
                    KafkaWorkerLog.RevokedWorkUnfinished(logger);
                }

                commits.CommitNow(numbers);
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
        foreach (var number in numbers)
        {
            publisher.Forget(number);
        }

        ledger.Forget(numbers);
        commits.Forget(numbers);
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

        if (Volatile.Read(ref fatal) is not null)
        {
            return null;
        }

        commits.BeforeFinalCommit();
        try
        {
            commits.CommitNow(null);
            return null;
        }
        catch (Exception exception) when (exception is KafkaException or TimeoutException)
        {
            KafkaWorkerLog.FinalCommitFailed(logger, exception.Message);
            return exception.Message;
        }
    }

    private void RequestCheckpoint()
    {
        var version = ledger.ChangeVersion;
        if (version != capturedVersion && commits.RequestCheckpoint())
        {
            capturedVersion = version;
        }
    }

    private void CheckProducer()
    {
        if (commits.Producer.FatalError is { } error)
        {
            stopWithoutCommit = true;
            Fail(new InvalidOperationException($"Kafka did not acknowledge {commits.Producer.FatalContext}: {error.Reason} ({error.Code})."));
        }
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
