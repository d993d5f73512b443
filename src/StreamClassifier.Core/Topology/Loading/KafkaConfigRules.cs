namespace StreamClassifier.Core.Topology.Loading;

/// <summary>
/// The decision for each librdkafka setting of <c>source.kafka.config</c> that the worker cares about:
/// a setting is either passed through as written or refused here, at load time, with the reason and
/// what to do instead; the worker never overrides one. Settings not named here pass through unchanged.
/// docs/configuration.md and docs/kafka.md list the same decisions.
/// </summary>
internal static class KafkaConfigRules
{
    /// <summary>The only assignment strategy of the classic protocol the worker supports.</summary>
    public const string CooperativeSticky = "cooperative-sticky";

    // Settings the worker owns: overriding them would break the commit-after-work guarantee.
    private static readonly Dictionary<string, string> Managed = new(StringComparer.Ordinal)
    {
        ["bootstrap.servers"] = "set by source.kafka.bootstrap",
        ["group.id"] = "set by source.kafka.group",
        ["enable.auto.commit"] = "the worker commits offsets itself, only after the work they cover is done",
        ["enable.auto.offset.store"] = "the worker stores offsets itself, only after the work they cover is done",
        ["transactional.id"] = "the worker derives it from the group and --instance-id in exactly_once mode",
    };

    // With the KIP-848 protocol the broker owns these; librdkafka refuses them on the client.
    private static readonly Dictionary<string, string> BrokerSideWithConsumerProtocol = new(StringComparer.Ordinal)
    {
        ["session.timeout.ms"] = "the broker's group.consumer.session.timeout.ms",
        ["heartbeat.interval.ms"] = "the broker's group.consumer.heartbeat.interval.ms",
        ["group.protocol.type"] = "nothing (it belongs to the classic protocol)",
    };

    /// <summary>Why <paramref name="key"/> cannot be used as given, with the alternative; null when it passes through.</summary>
    /// <param name="key">The setting's name.</param>
    /// <param name="value">Its value after substitution.</param>
    /// <param name="settings">Every setting of the mapping (some rules depend on another setting).</param>
    /// <param name="delivery">The topology's delivery mode.</param>
    public static string? Refusal(string key, string value, IReadOnlyDictionary<string, string> settings, DeliveryMode delivery)
    {
        if (Managed.TryGetValue(key, out var why))
        {
            return $"'{key}' cannot be set here: {why}; remove it";
        }

        var consumerProtocol = settings.TryGetValue("group.protocol", out var protocol) && Is(protocol, "consumer");
        return key switch
        {
            "isolation.level" when delivery == DeliveryMode.ExactlyOnce && !Is(value, "read_committed") =>
                $"'isolation.level' is '{value}', but delivery: exactly_once must read only committed records (another worker's aborted or open transactions would be classified); set it to read_committed or remove it",
            "group.protocol" when !Is(value, "classic") && !Is(value, "consumer") =>
                $"'group.protocol' is '{value}'; librdkafka knows 'classic' (the default) and 'consumer' (KIP-848); use one of them",
            "partition.assignment.strategy" when consumerProtocol =>
                "'partition.assignment.strategy' does not apply with group.protocol: consumer, where the broker assigns partitions; remove it, and choose the broker's assignor with group.remote.assignor (uniform or range) if needed",
            "partition.assignment.strategy" when !Is(value, CooperativeSticky) =>
                $"'partition.assignment.strategy' is '{value}', but the worker hands over only the partitions that move in a rebalance (drain, checkpoint, commit) and keeps processing the others, which needs incremental rebalancing; eager strategies (range, roundrobin) stop every partition on each rebalance and are not supported; remove it ({CooperativeSticky} is used) or set {CooperativeSticky}, or use group.protocol: consumer",
            _ when consumerProtocol && BrokerSideWithConsumerProtocol.TryGetValue(key, out var instead) =>
                $"'{key}' is not a client setting with group.protocol: consumer (librdkafka refuses it); remove it and use {instead}",
            _ => null,
        };
    }

    private static bool Is(string value, string expected) => string.Equals(value.Trim(), expected, StringComparison.OrdinalIgnoreCase);
}
