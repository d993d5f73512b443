using System.Text.RegularExpressions;
using StreamClassifier.Core.Topology;
using StreamClassifier.Testing;
using YamlDotNet.RepresentationModel;

namespace StreamClassifier.Worker.Tests.Deploy;

/// <summary>
/// Docker cannot run on the build machine, so docker-compose.yml is held together with the topology it
/// runs (topologies/ecg-demo.yaml), the Prometheus scrape config and the repository by parsing.
/// </summary>
public sealed partial class ComposeTests
{
    private static readonly string TopologyPath = SharedPaths.Repo("topologies", "ecg-demo.yaml");
    private readonly YamlMappingNode services = (YamlMappingNode)DashboardTests.LoadYaml(SharedPaths.Repo("docker-compose.yml"))["services"];

    [Fact]
    public void The_stack_has_kafka_in_kraft_mode_the_worker_prometheus_grafana_and_an_optional_replay()
    {
        Assert.Equal(["grafana", "kafka", "kafka-init", "prometheus", "replay", "worker"], services.Children.Keys.Select(Text).Order());
        var kafka = Service("kafka");
        Assert.StartsWith("apache/kafka:", Text(kafka["image"]));
        var kafkaEnvironment = Environment(kafka);
        Assert.Equal("broker,controller", kafkaEnvironment["KAFKA_PROCESS_ROLES"]);
        Assert.Contains("CONTROLLER", kafkaEnvironment["KAFKA_CONTROLLER_LISTENER_NAMES"]);
        Assert.DoesNotContain(kafkaEnvironment.Keys, key => key.Contains("ZOOKEEPER", StringComparison.Ordinal));

        // Only the replay service is optional.
        Assert.Equal(["replay"], services.Children.Where(pair => ((YamlMappingNode)pair.Value).Children.ContainsKey("profiles")).Select(pair => Text(pair.Key)));
        Assert.Equal(["replay"], ((YamlSequenceNode)Service("replay")["profiles"]).Select(Text));
    }

    [Fact]
    public void The_worker_is_built_from_the_repository_Dockerfile_and_runs_the_demo_topology()
    {
        var worker = Service("worker");
        var build = (YamlMappingNode)worker["build"];
        Assert.Equal(".", Text(build["context"]));
        var dockerfile = File.ReadAllText(SharedPaths.Repo(Text(build["dockerfile"])));
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/streamclassifier.dll\"]", dockerfile);
        Assert.Contains("dotnet publish src/StreamClassifier.Worker/StreamClassifier.Worker.csproj", dockerfile);
        Assert.DoesNotContain("Trainer", dockerfile); // the worker must not depend on TorchSharp

        var command = ((YamlSequenceNode)worker["command"]).Select(Text).ToList();
        Assert.Equal(["run", "--topology", "topologies/ecg-demo.yaml"], command);
        Assert.True(File.Exists(SharedPaths.Repo(command[2])));

        // The replay service runs the image the worker service builds.
        Assert.Equal(Text(worker["image"]), Text(Service("replay")["image"]));
    }

    [Fact]
    public void The_worker_sets_every_variable_the_topology_reads_and_they_point_at_the_stack()
    {
        var references = TopologyLoader.FindEnvironmentReferences(File.ReadAllText(TopologyPath)).Select(found => found.Reference.Name).ToHashSet();
        Assert.NotEmpty(references);
        var environment = Environment(Service("worker"));
        var missing = references.Where(name => !environment.ContainsKey(name)).ToList();
        Assert.True(missing.Count == 0, $"docker-compose.yml's worker does not set {string.Join(", ", missing)}, which topologies/ecg-demo.yaml reads.");

        // Load the topology as the container would (compose's own ${VAR:-} left empty).
        var containerEnvironment = environment.ToDictionary(pair => pair.Key, pair => ComposeDefault(pair.Value));
        var topology = TopologyLoader.Load(TopologyPath, containerEnvironment);
        Assert.Equal(KafkaInternalAddress(), topology.Source.Kafka.Bootstrap);

        // The metrics port listens on every interface and is the published one.
        var listen = Worker.Telemetry.ListenAddress.Parse(topology.Telemetry.Listen);
        Assert.Equal("+", listen.Host);
        Assert.Contains($"{listen.Port}:{listen.Port}", ((YamlSequenceNode)Service("worker")["ports"]).Select(Text));
    }

    [Fact]
    public void Topics_created_and_replayed_to_are_the_topologys()
    {
        var topology = LoadTopologyForCompose();
        var init = string.Join("\n", ((YamlSequenceNode)Service("kafka-init")["command"]).Select(Text));
        var created = TopicList().Match(init).Groups["topics"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(spec => spec.Split(':')[0]).ToHashSet();
        Assert.Equal(new[] { topology.Source.Kafka.Topic, topology.Sinks.AlertsTopic!, topology.Sinks.DeadLetterTopic! }.ToHashSet(), created);
        Assert.Contains($"--bootstrap-server {KafkaInternalAddress()}", init);

        var replay = string.Join("\n", ((YamlSequenceNode)Service("replay")["command"]).Select(Text));
        Assert.Contains($"--topic {topology.Source.Kafka.Topic}", replay);
        Assert.Contains($"--bootstrap {topology.Source.Kafka.Bootstrap}", replay);
        Assert.Contains("--mitbih /data/mitbih/", replay);
        Assert.Contains((YamlSequenceNode)Service("replay")["volumes"], volume => Text(volume).EndsWith(":/data/mitbih:ro", StringComparison.Ordinal));
    }

    [Fact]
    public void Prometheus_scrapes_the_worker_service_on_its_metrics_port()
    {
        var topology = LoadTopologyForCompose();
        var prometheus = DashboardTests.LoadYaml(SharedPaths.Repo("deploy", "prometheus", "prometheus.yml"));
        var job = (YamlMappingNode)((YamlSequenceNode)prometheus["scrape_configs"])[0];
        Assert.Equal("/metrics", Text(job["metrics_path"]));
        var targets = ((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)job["static_configs"])[0])["targets"]).Select(Text).ToList();
        Assert.Equal([$"worker:{Worker.Telemetry.ListenAddress.Parse(topology.Telemetry.Listen).Port}"], targets);
        Assert.Contains("prometheus:9090", Text(((YamlMappingNode)((YamlSequenceNode)DashboardTests.LoadYaml(SharedPaths.Repo("deploy", "grafana", "provisioning", "datasources", "prometheus.yml"))["datasources"])[0])["url"]));
        Assert.Contains("9090:9090", ((YamlSequenceNode)Service("prometheus")["ports"]).Select(Text));
    }

    [Fact]
    public void Every_bind_mount_comes_from_the_repository_and_lands_where_the_tools_look()
    {
        var mounts = new List<(string Service, string Source, string Target)>();
        foreach (var (name, node) in services.Children.Select(pair => (Text(pair.Key), (YamlMappingNode)pair.Value)))
        {
            if (node.Children.TryGetValue("volumes", out var volumes))
            {
                foreach (var volume in ((YamlSequenceNode)volumes).Select(Text))
                {
                    // A ${VAR:-default} source contains ':' itself.
                    var sourceEnd = volume.StartsWith("${", StringComparison.Ordinal) ? volume.IndexOf('}', StringComparison.Ordinal) + 1 : volume.IndexOf(':', StringComparison.Ordinal);
                    mounts.Add((name, volume[..sourceEnd], volume[(sourceEnd + 1)..].Split(':')[0]));
                }
            }
        }

        var named = ((YamlMappingNode)DashboardTests.LoadYaml(SharedPaths.Repo("docker-compose.yml"))["volumes"]).Children.Keys.Select(Text).ToHashSet();
        foreach (var (service, source, _) in mounts)
        {
            if (source.StartsWith("./", StringComparison.Ordinal))
            {
                Assert.True(Path.Exists(SharedPaths.Repo(source[2..])), $"{service} mounts {source}, which is not in the repository.");
            }
            else if (source.StartsWith("${", StringComparison.Ordinal))
            {
                // Data outside the repository (MIT-BIH records): the README must say how to point at it.
                var variable = source[2..source.IndexOfAny([':', '}'])];
                Assert.Contains(variable, File.ReadAllText(SharedPaths.Repo("README.md")));
            }
            else
            {
                Assert.Contains(source, named);
            }
        }

        Assert.Contains(mounts, mount => mount is ("prometheus", "./deploy/prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml"));
        Assert.Contains(mounts, mount => mount is ("grafana", "./deploy/grafana/provisioning", "/etc/grafana/provisioning"));
        Assert.Contains(mounts, mount => mount is ("grafana", "./deploy/grafana/dashboards", "/var/lib/grafana/dashboards"));
        Assert.Contains(mounts, mount => mount is ("worker", "./models", "/app/models"));
    }

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? string.Empty;

    private static Dictionary<string, string> Environment(YamlMappingNode service) =>
        ((YamlMappingNode)service["environment"]).Children.ToDictionary(pair => Text(pair.Key), pair => Text(pair.Value));

    /// <summary>Compose substitutes ${VAR:-default} from the host; with nothing set, the default.</summary>
    private static string ComposeDefault(string value) => ComposeVariable().Replace(value, match => match.Groups["default"].Value);

    private YamlMappingNode Service(string name) => (YamlMappingNode)services[name];

    private string KafkaInternalAddress()
    {
        var advertised = Environment(Service("kafka"))["KAFKA_ADVERTISED_LISTENERS"];
        var inter = Environment(Service("kafka"))["KAFKA_INTER_BROKER_LISTENER_NAME"];
        return advertised.Split(',').Single(listener => listener.StartsWith(inter + "://", StringComparison.Ordinal))[(inter.Length + 3)..];
    }

    private TopologyDefinition LoadTopologyForCompose() =>
        TopologyLoader.Load(TopologyPath, Environment(Service("worker")).ToDictionary(pair => pair.Key, pair => ComposeDefault(pair.Value)));

    [GeneratedRegex(@"\$\{[A-Z_]+:-(?<default>[^}]*)\}")]
    private static partial Regex ComposeVariable();

    [GeneratedRegex(@"for topic in (?<topics>[^;]+);")]
    private static partial Regex TopicList();
}
