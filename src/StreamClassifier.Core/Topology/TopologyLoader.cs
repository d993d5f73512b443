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
                : Directory.Exists(path) ? "it is a directory; pass the path of the YAML file inside it, such as topologies/ecg-demo.yaml"
                : $"the topology file cannot be read: {ex.Message} Check that the worker may read it.";
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
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these instead of a YamlException for some malformed input (an unterminated flow collection: "- {\n0").
            context.Error(Mark.Empty, string.Empty, $"not valid YAML: the parser stopped at a malformed construct ({ex.Message}); close every '{{' and '[' and quote values with special characters");
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
            if (context.Errors.Count == 0)
            {
                // Every reader records why it returned nothing; this only guards against a reader that forgot.
                context.Error(stream.Documents[0].RootNode, string.Empty, "the topology could not be read; check it against docs/configuration.md");
            }

            // File order reads best when fixing them; the sort is stable, so same-place errors keep their order.
            throw new TopologyException(sourceName, [.. context.Errors.OrderBy(error => error.Line ?? int.MaxValue).ThenBy(error => error.Column ?? int.MaxValue)]);
        }

        return topology;
    }

    /// <summary>
    /// Every <c>${VAR}</c> reference in the values of a topology's YAML, with its key path, without
    /// validating anything else: what a deployment (docker-compose, a Kubernetes manifest) must
    /// provide. Returns an empty list for text that is not valid YAML.
    /// </summary>
    public static IReadOnlyList<(string KeyPath, EnvironmentReference Reference)> FindEnvironmentReferences(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException)
        {
            return [];
        }

        var references = new List<(string, EnvironmentReference)>();
        void Walk(YamlNode node, string path)
        {
            switch (node)
            {
                case YamlScalarNode { Value: string value }:
                    references.AddRange(EnvironmentSubstitution.FindReferences(value).Select(reference => (path, reference)));
                    break;
                case YamlSequenceNode sequence:
                    for (var index = 0; index < sequence.Children.Count; index++)
                    {
                        Walk(sequence.Children[index], $"{path}[{index}]");
                    }

                    break;
                case YamlMappingNode mapping:
                    foreach (var (key, value) in mapping.Children)
                    {
                        Walk(value, LoadContext.Join(path, key is YamlScalarNode { Value: string name } ? name : "?"));
                    }

                    break;
            }
        }

        foreach (var document in stream.Documents)
        {
            Walk(document.RootNode, string.Empty);
        }

        return references;
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
        if (name is not null && !LoadContext.IsSimpleName(name))
        {
            root.Invalid("name", $"got {LoadContext.Quote(name)}, expected letters, digits, '.', '_' and '-' only (it goes into every alert and metric)");
        }

        var delivery = root.Choice("delivery", required: false, TopologySchema.DeliveryModes) ?? DeliveryMode.AtLeastOnce;
        var source = KafkaSourceReader.Read(context, root, delivery);
        var batching = RuntimeSettingsReader.ReadBatching(context, root);
        var streams = StreamRuleReader.ReadAll(context, root);
        var sinks = SinksReader.Read(context, root);
        var telemetry = RuntimeSettingsReader.ReadTelemetry(context, root);
        var worker = RuntimeSettingsReader.ReadWorker(context, root);

        SinksReader.CheckTopicRoles(context, root, source, sinks);
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
}
