using System.Globalization;

using StreamClassifier.Core.Topology.Loading;

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StreamClassifier.Core.Topology;

/// <summary>
/// Loads and validates a topology YAML file (format in docs/configuration.md). Every problem is
/// collected and reported together in one <see cref="TopologyException"/>, each naming the file,
/// the key path, line:column, the offending value and what was expected.
/// </summary>
/// <remarks>
/// The YAML is parsed into YamlDotNet's representation model and mapped by hand so that every
/// value keeps its position. <c>${VAR}</c> / <c>${VAR:-default}</c> are expanded in each scalar
/// value after the YAML structure is parsed, so an environment value can never change the
/// document's structure.
/// </remarks>
public static class TopologyLoader
{
    /// <summary>The folder name whose parent becomes the base directory of a topology inside it.</summary>
    public const string TopologiesFolderName = "topologies";

    private const string TopicExpectation = "a Kafka topic name (1-249 characters of letters, digits, '.', '_' and '-', not '.' or '..')";

    /// <summary>Loads and validates the topology at <paramref name="path"/>.</summary>
    /// <param name="path">The YAML file; named as given in error messages.</param>
    /// <param name="environment">Variables for <c>${VAR}</c> substitution; null reads the process environment.</param>
    /// <exception cref="TopologyException">The file cannot be read or is not a valid topology.</exception>
    public static TopologyDefinition Load(string path, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var detail = ex is FileNotFoundException or DirectoryNotFoundException
                ? $"the topology file does not exist (looked at '{Path.GetFullPath(path)}'); pass the path of a YAML file such as topologies/ecg-demo.yaml"
                : $"the topology file cannot be read: {ex.Message}";
            throw new TopologyException(path, [new TopologyError(path, string.Empty, null, null, detail)]);
        }

        return LoadFromString(yaml, path, environment, BaseDirectoryFor(path));
    }

    /// <summary>Loads and validates a topology from YAML text.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="sourceName">Names the text in error messages (usually its file path).</param>
    /// <param name="environment">Variables for <c>${VAR}</c> substitution; null reads the process environment.</param>
    /// <param name="baseDirectory">Base for relative paths; null derives it from <paramref name="sourceName"/> as a file path (see <see cref="BaseDirectoryFor"/>).</param>
    /// <exception cref="TopologyException">The text is not a valid topology.</exception>
    public static TopologyDefinition LoadFromString(string yaml, string sourceName, IReadOnlyDictionary<string, string>? environment = null, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        Func<string, string?> lookup = environment is null
            ? Environment.GetEnvironmentVariable
            : name => environment.TryGetValue(name, out var value) ? value : null;
        var context = new LoadContext(sourceName, lookup);

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            context.Error(ex.Start, string.Empty, $"not valid YAML: {YamlProblem(ex, yaml)}");
            throw new TopologyException(sourceName, context.Errors);
        }

        if (stream.Documents.Count == 0 || LoadContext.IsNull(stream.Documents[0].RootNode))
        {
            context.Error(Mark.Empty, string.Empty, "the topology is empty; expected a mapping with at least name, source and streams (see docs/configuration.md)");
            throw new TopologyException(sourceName, context.Errors);
        }

        if (stream.Documents.Count > 1)
        {
            context.Error(stream.Documents[1].RootNode, string.Empty, $"found {stream.Documents.Count} YAML documents, expected one topology per file; remove the '---' separators or split the file");
        }

        var topology = ReadTopology(context, stream.Documents[0].RootNode, sourceName, baseDirectory ?? BaseDirectoryFor(sourceName));
        if (context.Errors.Count > 0 || topology is null)
        {
            throw new TopologyException(sourceName, context.Errors);
        }

        return topology;
    }

    /// <summary>
    /// The directory relative paths in a topology resolve against: the parent of a
    /// <c>topologies/</c> folder holding the file (the repository root), else the file's own folder.
    /// </summary>
    public static string BaseDirectoryFor(string topologyPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topologyPath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(topologyPath)) ?? Directory.GetCurrentDirectory();
        var folderName = Path.GetFileName(folder);
        return string.Equals(folderName, TopologiesFolderName, StringComparison.Ordinal) && Path.GetDirectoryName(folder) is string parent
            ? parent
            : folder;
    }

    private static string YamlProblem(YamlException ex, string yaml)
    {
        if (ex.Message.Contains("Duplicate key", StringComparison.Ordinal))
        {
            var key = KeyAt(yaml, ex.Start);
            return $"duplicate key{(key is null ? string.Empty : $" '{key}'")}; each key may appear only once in a mapping (remove or merge the repeated one)";
        }

        if (ex.Message.Contains("flow mapping", StringComparison.Ordinal) || ex.Message.Contains("flow sequence", StringComparison.Ordinal))
        {
            return YamlMessage(ex) + " (inside { } or [ ], quote values containing ${...}, ',', '{' or '}')";
        }

        return YamlMessage(ex);
    }

    private static string? KeyAt(string yaml, Mark mark)
    {
        var lines = yaml.Split('\n');
        if (mark.Line < 1 || mark.Line > lines.Length)
        {
            return null;
        }

        var rest = lines[mark.Line - 1][(int)Math.Min(Math.Max(mark.Column - 1, 0), lines[mark.Line - 1].Length)..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? rest[..colon].Trim().Trim('"', '\'') : null;
    }

    private static string YamlMessage(YamlException ex)
    {
        // YamlDotNet prefixes its message with "(Line: l, Col: c, Idx: i) - (...): "; the position is reported separately.
        var message = ex.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        var problem = message.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0 ? message[(marker + 3)..] : message;
        return ex.InnerException is { Message: var inner } && !problem.Contains(inner, StringComparison.Ordinal) ? $"{problem} ({inner})" : problem;
    }

    private static TopologyDefinition? ReadTopology(LoadContext context, YamlNode rootNode, string sourceName, string baseDirectory)
    {
        var root = MappingReader.Open(context, rootNode, string.Empty, string.Empty);
        if (root is null)
        {
            return null;
        }

        var name = root.String("name", required: true, "a topology name (letters, digits, '.', '_', '-')");
        if (name is not null && !IsSimpleName(name))
        {
            root.Invalid("name", $"got {LoadContext.Quote(name)}, expected letters, digits, '.', '_' and '-' only (it goes into every alert and metric)");
        }

        var delivery = root.Choice("delivery", required: false, TopologySchema.DeliveryModes) ?? DeliveryMode.AtLeastOnce;
        var source = ReadSource(context, root);
        var batching = ReadBatching(context, root);
        var streams = StreamRuleReader.ReadAll(context, root);
        var sinks = ReadSinks(context, root);
        var telemetry = ReadTelemetry(context, root);
        var worker = ReadWorker(context, root);

        CheckTopics(context, root, source, sinks);
        if (delivery == DeliveryMode.ExactlyOnce && sinks is { AlertsTopic: null })
        {
            root.Invalid("delivery", "exactly_once needs Kafka alerts (the alerts and the consumed offsets are committed in one transaction); set sinks.alerts.kafka.topic or use delivery: at_least_once");
        }

        if (name is null || source is null || streams is null || sinks is null || telemetry is null || batching is null || worker is null)
        {
            return null;
        }

        return new TopologyDefinition
        {
            Name = name,
            FilePath = sourceName,
            Source = source,
            Streams = streams,
            Sinks = sinks,
            Batching = batching,
            Delivery = delivery,
            Telemetry = telemetry,
            Worker = worker,
            BaseDirectory = baseDirectory,
        };
    }

    private static SourceSpec? ReadSource(LoadContext context, MappingReader root)
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

        var kafka = MappingReader.Open(context, kafkaNode, "source.kafka", "source.kafka");
        if (kafka is null)
        {
            return null;
        }

        var bootstrap = kafka.String("bootstrap", required: true, "'embedded' or a comma-separated list of host:port brokers");
        if (bootstrap is not null && !string.Equals(bootstrap, "embedded", StringComparison.OrdinalIgnoreCase) && BootstrapProblem(bootstrap) is string problem)
        {
            kafka.Invalid("bootstrap", $"got {LoadContext.Quote(bootstrap)}: {problem}; expected 'embedded' or a comma-separated list of host:port brokers, e.g. kafka-1:9092,kafka-2:9092");
        }

        var topic = ReadTopic(kafka, "topic", required: true);
        var group = kafka.String("group", required: true, "a consumer group id");
        var format = kafka.Choice("format", required: false, TopologySchema.RecordFormats) ?? RecordFormat.Json;
        var config = ReadKafkaConfig(context, kafka);
        var maxRecordBytes = kafka.Int("max_record_bytes", required: false, 1, int.MaxValue, "a whole number of bytes >= 1");
        var maxSamples = kafka.Int("max_samples_per_record", required: false, 1, int.MaxValue, "a whole number of samples >= 1");
        var maxInFlight = kafka.Int("max_in_flight_records", required: false, 1, int.MaxValue, "a whole number of records >= 1");
        var checkpointTopic = ReadTopic(kafka, "checkpoint_topic", required: false);

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

    // Settings the worker owns: overriding them would break the commit-after-work guarantee.
    private static readonly Dictionary<string, string> ManagedKafkaSettings = new(StringComparer.Ordinal)
    {
        ["bootstrap.servers"] = "set by source.kafka.bootstrap",
        ["group.id"] = "set by source.kafka.group",
        ["enable.auto.commit"] = "the worker commits offsets itself, only after the work they cover is done",
        ["enable.auto.offset.store"] = "the worker stores offsets itself, only after the work they cover is done",
        ["transactional.id"] = "the worker derives it from the group in exactly_once mode",
    };

    private static Dictionary<string, string>? ReadKafkaConfig(LoadContext context, MappingReader kafka)
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
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: string key } || string.IsNullOrWhiteSpace(key))
            {
                context.Error(keyNode, path, $"got {LoadContext.Describe(keyNode)} as a key, expected a librdkafka setting name such as security.protocol");
                valid = false;
                continue;
            }

            var settingPath = path + "." + key;
            if (ManagedKafkaSettings.TryGetValue(key, out var why))
            {
                context.Error(keyNode, settingPath, $"'{key}' cannot be set here: {why}; remove it");
                valid = false;
                continue;
            }

            if (LoadContext.IsNull(valueNode))
            {
                context.Error(valueNode, settingPath, "got an empty value, expected the setting's value as a string (use \"${VAR}\" for secrets)");
                valid = false;
                continue;
            }

            if (!context.TryScalar(valueNode, settingPath, "a single value (librdkafka settings are strings)", out var value) || value is null)
            {
                valid = false;
                continue;
            }

            settings[key] = value;
        }

        return valid ? settings : null;
    }

    private static BatchingSpec? ReadBatching(LoadContext context, MappingReader root)
    {
        var defaults = new BatchingSpec();
        var node = root.Get("batching");
        if (node is null)
        {
            return defaults;
        }

        var batching = MappingReader.Open(context, node, "batching", "batching");
        if (batching is null)
        {
            return null;
        }

        var maxBatch = batching.Int("max_batch", required: false, 1, 65_536, "a whole number of windows from 1 to 65536");
        var maxDelay = batching.Double("max_delay_ms", required: false, value => value is >= 0 and <= 60_000, "a number of milliseconds from 0 to 60000 (0 scores every window at once)");
        return defaults with { MaxBatch = maxBatch ?? defaults.MaxBatch, MaxDelayMs = maxDelay ?? defaults.MaxDelayMs };
    }

    private static SinksSpec? ReadSinks(LoadContext context, MappingReader root)
    {
        var node = root.Get("sinks");
        if (node is null)
        {
            return new SinksSpec();
        }

        var sinks = MappingReader.Open(context, node, "sinks", "sinks");
        if (sinks is null)
        {
            return null;
        }

        string? alertsTopic = null, jsonl = null, deadLetterTopic = null;
        var console = false;
        var valid = true;
        if (sinks.Get("alerts") is YamlNode alertsNode)
        {
            var alerts = MappingReader.Open(context, alertsNode, "sinks.alerts", "sinks.alerts");
            valid &= alerts is not null;
            if (alerts is not null)
            {
                alertsTopic = ReadSinkTopic(context, alerts, "sinks.alerts.kafka", ref valid);
                console = alerts.Bool("console", "print alerts on standard output") ?? false;
                jsonl = alerts.String("jsonl", required: false, "a file path for alert lines (relative to the topology's base directory)");
            }
        }

        if (sinks.Get("dead_letter") is YamlNode deadLetterNode)
        {
            var deadLetter = MappingReader.Open(context, deadLetterNode, "sinks.dead_letter", "sinks.dead_letter");
            valid &= deadLetter is not null;
            if (deadLetter is not null)
            {
                deadLetterTopic = ReadSinkTopic(context, deadLetter, "sinks.dead_letter.kafka", ref valid);
            }
        }

        return valid ? new SinksSpec { AlertsTopic = alertsTopic, Console = console, Jsonl = jsonl, DeadLetterTopic = deadLetterTopic } : null;
    }

    private static string? ReadSinkTopic(LoadContext context, MappingReader sink, string schemaKey, ref bool valid)
    {
        if (sink.Get("kafka") is not YamlNode kafkaNode)
        {
            return null;
        }

        var kafka = MappingReader.Open(context, kafkaNode, schemaKey, schemaKey);
        var topic = kafka is null ? null : ReadTopic(kafka, "topic", required: true);
        valid &= topic is not null;
        return topic;
    }

    private static string? ReadTopic(MappingReader mapping, string key, bool required)
    {
        var topic = mapping.String(key, required, TopicExpectation);
        if (topic is not null && !IsTopicName(topic))
        {
            mapping.Invalid(key, $"got {LoadContext.Quote(topic)}, expected {TopicExpectation}");
            return null;
        }

        return topic;
    }

    private static TelemetrySpec? ReadTelemetry(LoadContext context, MappingReader root)
    {
        var defaults = new TelemetrySpec();
        var node = root.Get("telemetry");
        if (node is null)
        {
            return defaults;
        }

        var telemetry = MappingReader.Open(context, node, "telemetry", "telemetry");
        if (telemetry is null)
        {
            return null;
        }

        const string ListenExpectation = "host:port with a port from 1 to 65535, e.g. 127.0.0.1:9464, 0.0.0.0:9464 or [::1]:9464";
        var listen = telemetry.String("listen", required: false, ListenExpectation);
        if (listen is not null && !IsListenAddress(listen))
        {
            telemetry.Invalid("listen", $"got {LoadContext.Quote(listen)}, expected {ListenExpectation}");
            listen = null;
        }

        const string OtlpExpectation = "an absolute http:// or https:// URL such as http://otel-collector:4317, or empty to disable OTLP";
        var otlp = telemetry.String("otlp_endpoint", required: false, OtlpExpectation);
        if (otlp is not null && !(Uri.TryCreate(otlp, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            telemetry.Invalid("otlp_endpoint", $"got {LoadContext.Quote(otlp)}, expected {OtlpExpectation}");
            otlp = null;
        }

        return defaults with { Listen = listen ?? defaults.Listen, OtlpEndpoint = otlp };
    }

    private static WorkerSpec? ReadWorker(LoadContext context, MappingReader root)
    {
        var defaults = new WorkerSpec();
        var node = root.Get("worker");
        if (node is null)
        {
            return defaults;
        }

        var worker = MappingReader.Open(context, node, "worker", "worker");
        if (worker is null)
        {
            return null;
        }

        var timeout = worker.Double("shutdown_timeout_s", required: false, value => value is > 0 and <= 3600, "a number of seconds above 0 and at most 3600");
        return defaults with { ShutdownTimeoutS = timeout ?? defaults.ShutdownTimeoutS };
    }

    private static void CheckTopics(LoadContext context, MappingReader root, SourceSpec? source, SinksSpec? sinks)
    {
        if (source is null || sinks is null)
        {
            return;
        }

        var topics = new List<(string Path, string Topic)> { ("source.kafka.topic", source.Kafka.Topic) };
        if (sinks.AlertsTopic is not null)
        {
            topics.Add(("sinks.alerts.kafka.topic", sinks.AlertsTopic));
        }

        if (sinks.DeadLetterTopic is not null)
        {
            topics.Add(("sinks.dead_letter.kafka.topic", sinks.DeadLetterTopic));
        }

        topics.Add((source.Kafka.CheckpointTopic is null ? "source.kafka.checkpoint_topic (default <group>.checkpoints)" : "source.kafka.checkpoint_topic", source.Kafka.EffectiveCheckpointTopic));
        for (var later = 1; later < topics.Count; later++)
        {
            for (var earlier = 0; earlier < later; earlier++)
            {
                if (string.Equals(topics[earlier].Topic, topics[later].Topic, StringComparison.Ordinal))
                {
                    context.Error(root.Node, topics[later].Path, $"topic '{topics[later].Topic}' is also {topics[earlier].Path}; each role needs its own topic (a shared one would feed the worker its own output)");
                }
            }
        }
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

    private static bool IsListenAddress(string listen)
    {
        string host, portText;
        if (listen.StartsWith('['))
        {
            var close = listen.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = listen[1..close];
            portText = listen[(close + 2)..];
            if (!System.Net.IPAddress.TryParse(host, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }
        }
        else
        {
            var colon = listen.LastIndexOf(':');
            if (colon <= 0)
            {
                return false;
            }

            host = listen[..colon];
            portText = listen[(colon + 1)..];
            if (host is not ("*" or "+") && Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
            {
                return false;
            }
        }

        return int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535;
    }

    internal static bool IsSimpleName(string name) =>
        name.Length is > 0 and <= 200 && name.All(character => char.IsAsciiLetterOrDigit(character) || character is '.' or '_' or '-');

    private static bool IsTopicName(string topic) =>
        topic.Length is > 0 and <= 249 && topic is not ("." or "..") && topic.All(character => char.IsAsciiLetterOrDigit(character) || character is '.' or '_' or '-');
}
