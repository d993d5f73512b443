using System.Globalization;

using YamlDotNet.RepresentationModel;

namespace StreamClassifier.Core.Topology.Loading;

/// <summary>Reads <c>source.kafka</c>: brokers, topic, group, format, pass-through librdkafka settings and limits.</summary>
internal static class KafkaSourceReader
{
    public const string TopicExpectation = "a Kafka topic name (1-249 characters of letters, digits, '.', '_' and '-', not '.' or '..')";

    public static SourceSpec? Read(LoadContext context, MappingReader root, DeliveryMode delivery)
    {
        var kafka = OpenKafkaSection(context, root);
        if (kafka is null)
        {
            return null;
        }

        var bootstrap = ReadBootstrap(kafka);
        var topic = ReadTopic(kafka, "topic", required: true);
        var group = kafka.String("group", required: true, "a consumer group id");
        var format = kafka.Choice("format", required: false, TopologySchema.RecordFormats) ?? RecordFormat.Json;
        var config = ReadKafkaConfig(context, kafka, delivery);
        var maxRecordBytes = kafka.Int("max_record_bytes", required: false, 1, int.MaxValue, "a whole number of bytes >= 1");
        var maxSamples = kafka.Int("max_samples_per_record", required: false, 1, int.MaxValue, "a whole number of samples >= 1");
        var maxInFlight = kafka.Int("max_in_flight_records", required: false, 1, int.MaxValue, "a whole number of records >= 1");
        var checkpointTopic = ReadTopic(kafka, "checkpoint_topic", required: false);
        if (group is not null && checkpointTopic is null && kafka.Get("checkpoint_topic") is null && !IsTopicName(group + ".checkpoints"))
        {
            kafka.Invalid("group", $"got {LoadContext.Quote(group)}, whose default checkpoint topic '{group}.checkpoints' is not {TopicExpectation}; use such a group id or set source.kafka.checkpoint_topic");
        }

        if (bootstrap is null || topic is null || group is null || config is null)
        {
            return null;
        }

        var defaults = new KafkaSourceSpec { Bootstrap = bootstrap, Topic = topic, Group = group };
        return new SourceSpec
        {
            Kafka = defaults with
            {
                Format = format,
                Config = config,
                MaxRecordBytes = maxRecordBytes ?? defaults.MaxRecordBytes,
                MaxSamplesPerRecord = maxSamples ?? defaults.MaxSamplesPerRecord,
                MaxInFlightRecords = maxInFlight ?? defaults.MaxInFlightRecords,
                CheckpointTopic = checkpointTopic,
            },
        };
    }

    /// <summary>The <c>source.kafka</c> mapping; null (with the error reported) when it or <c>source</c> is missing or not a mapping.</summary>
    private static MappingReader? OpenKafkaSection(LoadContext context, MappingReader root)
    {
        const string Expected = "a mapping with kafka: {bootstrap, topic, group}";
        var node = root.Get("source");
        if (node is null)
        {
            root.Missing("source", Expected);
            return null;
        }

        var source = MappingReader.Open(context, node, "source", "source");
        if (source is null)
        {
            return null;
        }

        var kafkaNode = source.Get("kafka");
        if (kafkaNode is null)
        {
            source.Missing("kafka", "a mapping with bootstrap, topic and group");
            return null;
        }

        return MappingReader.Open(context, kafkaNode, "source.kafka", "source.kafka");
    }

    private static string? ReadBootstrap(MappingReader kafka)
    {
        var bootstrap = kafka.String("bootstrap", required: true, "'embedded' or a comma-separated list of host:port brokers");
        if (bootstrap is not null && !string.Equals(bootstrap, "embedded", StringComparison.OrdinalIgnoreCase) && BootstrapProblem(bootstrap) is string problem)
        {
            kafka.Invalid("bootstrap", $"got {LoadContext.Quote(bootstrap)}: {problem}; expected 'embedded' or a comma-separated list of host:port brokers, e.g. kafka-1:9092,kafka-2:9092");
        }

        return bootstrap;
    }

    private static Dictionary<string, string>? ReadKafkaConfig(LoadContext context, MappingReader kafka, DeliveryMode delivery)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var node = kafka.Get("config");
        if (node is null)
        {
            return settings;
        }

        var path = kafka.PathOf("config");
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, path, $"got {LoadContext.Describe(node)}, expected a mapping of librdkafka settings, e.g. {{security.protocol: SASL_SSL, sasl.password: \"${{KAFKA_PASSWORD}}\"}}");
            return null;
        }

        var valid = true;
        var keyNodes = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: string key } || string.IsNullOrWhiteSpace(key))
            {
                context.Error(keyNode, path, $"got {LoadContext.Describe(keyNode)} as a key, expected a librdkafka setting name such as security.protocol");
                valid = false;
                continue;
            }

            var settingPath = path + "." + key;
            if (LoadContext.IsNull(valueNode))
            {
                context.Error(valueNode, settingPath, "got an empty value, expected the setting's value as a string (use \"${VAR}\" for secrets)");
                valid = false;
                continue;
            }

            if (valueNode is YamlScalarNode { Value: string written } && KafkaSecretSettings.LiteralProblem(key, written) is { } literal)
            {
                context.Error(valueNode, settingPath, literal);
                valid = false;
                continue;
            }

            if (!context.TryScalar(valueNode, settingPath, "a single value (librdkafka settings are strings)", out var value) || value is null)
            {
                valid = false;
                continue;
            }

            settings[key] = value;
            keyNodes[key] = keyNode;
        }

        foreach (var (key, value) in settings)
        {
            if (KafkaConfigRules.Refusal(key, value, settings, delivery) is { } refusal)
            {
                context.Error(keyNodes[key], path + "." + key, refusal);
                valid = false;
            }
        }

        return valid ? settings : null;
    }

    private static string? BootstrapProblem(string bootstrap)
    {
        foreach (var rawEntry in bootstrap.Split(','))
        {
            var entry = rawEntry.Trim();
            var scheme = entry.IndexOf("://", StringComparison.Ordinal);
            if (scheme >= 0)
            {
                entry = entry[(scheme + 3)..];
            }

            if (entry.Length == 0)
            {
                return "an entry is empty";
            }

            if (entry.Any(char.IsWhiteSpace))
            {
                return $"'{entry}' contains whitespace";
            }

            var colon = entry.LastIndexOf(':');
            if (colon >= 0 && !entry.EndsWith(']')
                && (colon == 0 || !int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535))
            {
                return $"'{entry}' is not host:port with a port from 1 to 65535";
            }
        }

        return null;
    }

    public static string? ReadTopic(MappingReader mapping, string key, bool required)
    {
        var topic = mapping.String(key, required, TopicExpectation);
        if (topic is not null && !IsTopicName(topic))
        {
            mapping.Invalid(key, $"got {LoadContext.Quote(topic)}, expected {TopicExpectation}");
            return null;
        }

        return topic;
    }

    private static bool IsTopicName(string topic) =>
        topic.Length is > 0 and <= 249 && topic is not ("." or "..") && topic.All(character => char.IsAsciiLetterOrDigit(character) || character is '.' or '_' or '-');
}
