using Confluent.Kafka;
using StreamClassifier.Core.Topology;

namespace StreamClassifier.Kafka.Clients;

/// <summary>
/// The librdkafka settings of every client the worker builds, from the topology's
/// <c>source.kafka.config</c>. The user's settings are passed through as written (the loader refuses
/// the ones the worker cannot honour, docs/configuration.md); the worker adds only what it owns
/// (bootstrap, group, manual offset storage and commits) and fills defaults for settings the user did
/// not give. <c>client.id</c> is honoured with this instance's id appended, so clients of several
/// workers stay apart in broker logs and quotas.
/// </summary>
public sealed class KafkaClientConfigs
{
    /// <summary>The <c>client.id</c> prefix when the topology gives none.</summary>
    public const string DefaultClientId = "streamclassifier";

    // Settings only consumers understand: kept away from the producer and admin clients.
    private static readonly HashSet<string> ConsumerOnly = new(StringComparer.Ordinal)
    {
        "session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms", "group.instance.id", "group.protocol", "group.remote.assignor",
        "partition.assignment.strategy", "auto.offset.reset", "enable.auto.commit", "auto.commit.interval.ms",
        "isolation.level", "fetch.min.bytes", "fetch.max.bytes", "fetch.wait.max.ms", "max.partition.fetch.bytes", "queued.max.messages.kbytes",
    };

    private readonly IReadOnlyDictionary<string, string> settings;

    /// <summary>Creates the settings of one worker instance.</summary>
    /// <param name="source">The topology's Kafka source.</param>
    /// <param name="bootstrapServers">The brokers actually used (the topology's, or an override).</param>
    /// <param name="instanceId">This worker's stable id.</param>
    public KafkaClientConfigs(KafkaSourceSpec source, string bootstrapServers, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrapServers);
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        settings = source.Config;
        Group = source.Group;
        BootstrapServers = bootstrapServers;
        ClientId = $"{(settings.TryGetValue("client.id", out var clientId) && !string.IsNullOrWhiteSpace(clientId) ? clientId : DefaultClientId)}-{instanceId}";
    }

    /// <summary>The brokers.</summary>
    public string BootstrapServers { get; }

    /// <summary>The consumer group.</summary>
    public string Group { get; }

    /// <summary>The <c>client.id</c> of every client of this instance: the topology's (or <see cref="DefaultClientId"/>) plus <c>-</c> and the instance id.</summary>
    public string ClientId { get; }

    /// <summary>True when the topology chose the KIP-848 consumer group protocol (<c>group.protocol: consumer</c>).</summary>
    public bool ConsumerGroupProtocol => settings.TryGetValue("group.protocol", out var protocol) && string.Equals(protocol.Trim(), "consumer", StringComparison.OrdinalIgnoreCase);

    /// <summary>Settings every client shares (security, timeouts, ...): the topology's minus consumer-only ones, with bootstrap and client id.</summary>
    public ClientConfig Shared() =>
        new(settings.Where(kv => !ConsumerOnly.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value)) { BootstrapServers = BootstrapServers, ClientId = ClientId };

    /// <summary>
    /// The group member: every topology setting, the group, offsets stored and committed by the worker
    /// only; where the topology says nothing, it reads from the earliest offset, read_committed, and
    /// (classic protocol) assigns cooperative-sticky.
    /// </summary>
    public ConsumerConfig GroupConsumer()
    {
        var config = new ConsumerConfig(settings.ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            BootstrapServers = BootstrapServers,
            GroupId = Group,
            ClientId = ClientId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
        };
        if (!settings.ContainsKey("auto.offset.reset"))
        {
            config.AutoOffsetReset = AutoOffsetReset.Earliest;
        }

        if (!settings.ContainsKey("isolation.level"))
        {
            config.IsolationLevel = IsolationLevel.ReadCommitted;
        }

        if (!ConsumerGroupProtocol && !settings.ContainsKey("partition.assignment.strategy"))
        {
            config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky;
        }

        return config;
    }

    /// <summary>The producer's settings (the producer adds idempotence, acks=all and the transactional id).</summary>
    public ProducerConfig Producer() => new(Shared().ToDictionary(kv => kv.Key, kv => kv.Value));

    /// <summary>An admin client's settings.</summary>
    public AdminClientConfig Admin() => new(Shared().ToDictionary(kv => kv.Key, kv => kv.Value));
}
