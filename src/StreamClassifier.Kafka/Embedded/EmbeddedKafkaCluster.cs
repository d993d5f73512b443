using System.Globalization;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamClassifier.Kafka.Embedded;

/// <summary>
/// An in-process Kafka-protocol cluster: librdkafka's mock cluster, listening on 127.0.0.1. Clients in
/// this process or any other connect to <see cref="BootstrapServers"/>. Topics are auto-created on first
/// use (4 partitions by default) or explicitly with <see cref="CreateTopic"/>. The fault-injection
/// methods (<see cref="SetBrokerDown"/>, <see cref="PushRequestErrors"/>, <see cref="SetBrokerRtt"/>,
/// <see cref="SetPartitionLeader"/>, <see cref="SetCoordinator"/>) drive the resilience tests. Not a durable broker: everything lives in this process's memory, and
/// each partition keeps only its newest <see cref="MaxPartitionLogBytes"/> (and at most
/// <see cref="MaxPartitionLogBatches"/> produce batches): older records are deleted as by retention
/// on a real broker, whether or not anyone has read them.
/// </summary>
public sealed class EmbeddedKafkaCluster : IDisposable
{
    private readonly object gate = new();
    private IntPtr host;
    private IntPtr cluster;
    private GCHandle logger;

    private EmbeddedKafkaCluster(IntPtr host, IntPtr cluster, GCHandle logger, int brokerCount)
    {
        this.host = host;
        this.cluster = cluster;
        this.logger = logger;
        BrokerCount = brokerCount;
        BootstrapServers = Marshal.PtrToStringUTF8(MockClusterNative.ClusterBootstraps(cluster))
            ?? throw new InvalidOperationException("librdkafka's mock cluster reported no bootstrap address.");
    }

    /// <summary>
    /// Bytes of record batches one mock partition keeps (librdkafka 2.16's <c>rd_kafka_mock_partition_init</c>
    /// fixes it at 5 MiB, with no API to change it): appending beyond it deletes the oldest batches and
    /// moves the partition's log start. <c>PartitionLogs</c> shows the effect; <c>MockRetentionTests</c> pins it.
    /// </summary>
    public const long MaxPartitionLogBytes = 5L * 1024 * 1024;

    /// <summary>Record batches (produce requests' message sets) one mock partition keeps.</summary>
    public const int MaxPartitionLogBatches = 100_000;

    /// <summary>Comma-separated <c>host:port</c> list of the brokers.</summary>
    public string BootstrapServers { get; }

    /// <summary>Number of brokers; their ids are 1..<see cref="BrokerCount"/>.</summary>
    public int BrokerCount { get; }

    /// <summary>Starts a cluster of <paramref name="brokerCount"/> brokers on 127.0.0.1.</summary>
    /// <param name="brokerCount">Brokers to start (1..16).</param>
    /// <param name="logger">
    /// Receives the hosting librdkafka handle's log (the mock brokers' notices and errors) as librdkafka
    /// log events (<see cref="Clients.LibrdkafkaLog"/>); none: the lines are dropped.
    /// </param>
    public static EmbeddedKafkaCluster Start(int brokerCount = 3, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brokerCount, 16);

        // Make sure Confluent.Kafka has loaded its librdkafka first, so ours binds to the same file.
        _ = Library.Version;
        NativeLibraryResolver.EnsureRegistered();

        var errorText = new byte[512];
        var conf = MockClusterNative.ConfNew();
        // The host handle is never used to produce; it only owns the mock cluster's threads.
        SetOrThrow(conf, "client.id", "streamclassifier-embedded-broker", errorText);
        var log = EmbeddedBrokerLog.Attach(conf, logger ?? NullLogger.Instance);
        var host = MockClusterNative.KafkaNew(MockClusterNative.ProducerType, conf, errorText, (UIntPtr)errorText.Length);
        if (host == IntPtr.Zero)
        {
            MockClusterNative.ConfDestroy(conf);
            log.Free();
            throw new InvalidOperationException($"Could not create the librdkafka handle that hosts the embedded broker: {Text(errorText)}");
        }

        var cluster = MockClusterNative.ClusterNew(host, brokerCount);
        if (cluster == IntPtr.Zero)
        {
            MockClusterNative.KafkaDestroy(host);
            log.Free();
            throw new InvalidOperationException("librdkafka could not start its mock cluster (rd_kafka_mock_cluster_new returned NULL); check that 127.0.0.1 has free ports.");
        }

        // Consumer groups form immediately instead of after the broker-default 3 s delay.
        MockClusterNative.GroupInitialRebalanceDelayMs(cluster, 0);
        return new EmbeddedKafkaCluster(host, cluster, log, brokerCount);
    }

    /// <summary>Creates a topic (no-op error if it exists is reported as an exception naming the topic).</summary>
    /// <param name="topic">Topic name.</param>
    /// <param name="partitions">Partition count.</param>
    /// <param name="replicationFactor">Replicas per partition; at most <see cref="BrokerCount"/>.</param>
    public void CreateTopic(string topic, int partitions = 4, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicationFactor, BrokerCount);
        var error = Invoke(c => MockClusterNative.TopicCreate(c, topic, partitions, replicationFactor));
        if (error == (int)ErrorCode.TopicAlreadyExists)
        {
            return;
        }

        ThrowOnError(error, $"create topic '{topic}' with {partitions} partition(s)");
    }

    /// <summary>Takes a broker down: its connections drop and it refuses new ones until <see cref="SetBrokerUp"/>.</summary>
    /// <param name="brokerId">Broker id, 1..<see cref="BrokerCount"/>.</param>
    public void SetBrokerDown(int brokerId) =>
        ThrowOnError(Invoke(c => MockClusterNative.BrokerSetDown(c, CheckBroker(brokerId))), $"take broker {brokerId} down");

    /// <summary>Brings a broker back up.</summary>
    /// <param name="brokerId">Broker id, 1..<see cref="BrokerCount"/>.</param>
    public void SetBrokerUp(int brokerId) =>
        ThrowOnError(Invoke(c => MockClusterNative.BrokerSetUp(c, CheckBroker(brokerId))), $"bring broker {brokerId} up");

    /// <summary>Delays every response of a broker by <paramref name="rtt"/> (zero removes the delay).</summary>
    /// <param name="brokerId">Broker id.</param>
    /// <param name="rtt">Added round-trip time.</param>
    public void SetBrokerRtt(int brokerId, TimeSpan rtt) =>
        ThrowOnError(
            Invoke(c => MockClusterNative.BrokerSetRtt(c, CheckBroker(brokerId), checked((int)rtt.TotalMilliseconds))),
            $"set broker {brokerId} round-trip time");

    /// <summary>
    /// Moves the leadership of a partition to <paramref name="brokerId"/>: clients get NOT_LEADER_FOR_PARTITION
    /// from the old leader, refresh their metadata and continue with the new one (the log is kept).
    /// </summary>
    /// <param name="topic">Topic.</param>
    /// <param name="partition">Partition.</param>
    /// <param name="brokerId">The new leader, 1..<see cref="BrokerCount"/>.</param>
    public void SetPartitionLeader(string topic, int partition, int brokerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ThrowOnError(
            Invoke(c => MockClusterNative.PartitionSetLeader(c, topic, partition, CheckBroker(brokerId))),
            string.Create(CultureInfo.InvariantCulture, $"move the leader of {topic}[{partition}] to broker {brokerId}"));
    }

    /// <summary>Moves the coordinator of a consumer group or a transactional id to <paramref name="brokerId"/>.</summary>
    /// <param name="transaction">True for a transactional id's coordinator, false for a group's.</param>
    /// <param name="key">The group id or transactional id.</param>
    /// <param name="brokerId">The new coordinator, 1..<see cref="BrokerCount"/>.</param>
    public void SetCoordinator(bool transaction, string key, int brokerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ThrowOnError(
            Invoke(c => MockClusterNative.CoordinatorSet(c, transaction ? "transaction" : "group", key, CheckBroker(brokerId))),
            $"move the coordinator of '{key}' to broker {brokerId}");
    }

    /// <summary>Makes the next requests of type <paramref name="apiKey"/> (to any broker) fail with <paramref name="errors"/>, in order.</summary>
    /// <param name="apiKey">Request type.</param>
    /// <param name="errors">One error per request to fail.</param>
    public void PushRequestErrors(KafkaApiKey apiKey, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Length == 0)
        {
            return;
        }

        var codes = Array.ConvertAll(errors, e => (int)e);
        Invoke(c =>
        {
            MockClusterNative.PushRequestErrorsArray(c, (short)apiKey, (UIntPtr)codes.Length, codes);
            return 0;
        });
    }

    /// <summary>Forgets errors pushed for <paramref name="apiKey"/> that have not fired yet.</summary>
    /// <param name="apiKey">Request type.</param>
    public void ClearRequestErrors(KafkaApiKey apiKey) =>
        Invoke(c =>
        {
            MockClusterNative.ClearRequestErrors(c, (short)apiKey);
            return 0;
        });

    /// <summary>Stops every broker and frees the cluster. Connected clients see the brokers disappear.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (cluster != IntPtr.Zero)
            {
                MockClusterNative.ClusterDestroy(cluster);
                cluster = IntPtr.Zero;
            }

            if (host != IntPtr.Zero)
            {
                MockClusterNative.KafkaDestroy(host);
                host = IntPtr.Zero;
            }

            if (logger.IsAllocated)
            {
                logger.Free();
            }
        }
    }

    private static void SetOrThrow(IntPtr conf, string name, string value, byte[] errorText)
    {
        if (MockClusterNative.ConfSet(conf, name, value, errorText, (UIntPtr)errorText.Length) != MockClusterNative.ConfOk)
        {
            throw new InvalidOperationException($"librdkafka rejected {name}={value}: {Text(errorText)}");
        }
    }

    private static string Text(byte[] nulTerminated)
    {
        var end = Array.IndexOf(nulTerminated, (byte)0);
        return System.Text.Encoding.UTF8.GetString(nulTerminated, 0, end < 0 ? nulTerminated.Length : end);
    }

    private static void ThrowOnError(int error, string action)
    {
        if (error != 0)
        {
            var description = Marshal.PtrToStringUTF8(MockClusterNative.ErrorToString(error));
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The embedded broker could not {action}: {description} (error {error})."));
        }
    }

    private int CheckBroker(int brokerId)
    {
        if (brokerId < 1 || brokerId > BrokerCount)
        {
            throw new ArgumentOutOfRangeException(nameof(brokerId), brokerId, $"Broker ids run from 1 to {BrokerCount}.");
        }

        return brokerId;
    }

    private int Invoke(Func<IntPtr, int> call)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(cluster == IntPtr.Zero, this);
            return call(cluster);
        }
    }
}
