using System.Globalization;
using StreamClassifier.Core.Topology;
using StreamClassifier.Testing;
using StreamClassifier.Worker.Commands;
using StreamClassifier.Worker.Models;
using StreamClassifier.Worker.Telemetry;
using YamlDotNet.RepresentationModel;

namespace StreamClassifier.Worker.Tests.Deploy;

/// <summary>deploy/k8s, checked by parsing (no cluster here): the objects agree with each other, the scaling rule, and the ConfigMap's topology validates.</summary>
public sealed class KubernetesTests : IDisposable
{
    private static readonly string Folder = SharedPaths.Repo("deploy", "k8s");
    private readonly string temp = Directory.CreateTempSubdirectory("sc-k8s-").FullName;
    private readonly YamlMappingNode deployment = Manifest("deployment.yaml", "Deployment");
    private readonly YamlMappingNode service = Manifest("service.yaml", "Service");
    private readonly YamlMappingNode podMonitor = Manifest("podmonitor.yaml", "PodMonitor");
    private readonly YamlMappingNode configMap = Manifest("configmap.yaml", "ConfigMap");

    [Fact]
    public void Kustomization_lists_every_manifest()
    {
        var resources = ((YamlSequenceNode)DashboardTests.LoadYaml(Path.Combine(Folder, "kustomization.yaml"))["resources"]).Select(Text).Order().ToList();
        Assert.Equal(["configmap.yaml", "deployment.yaml", "podmonitor.yaml", "service.yaml"], resources);
    }

    [Fact]
    public void Service_and_PodMonitor_select_the_deployment_pods_on_the_metrics_port()
    {
        var spec = Map(deployment, "spec");
        var podLabels = Labels(Map(Map(Map(spec, "template"), "metadata"), "labels"));
        Assert.Equal(Labels(Map(Map(spec, "selector"), "matchLabels")), podLabels);
        Assert.Equal(podLabels, Labels(Map(Map(service, "spec"), "selector")));
        Assert.Equal(podLabels, Labels(Map(Map(Map(podMonitor, "spec"), "selector"), "matchLabels")));
        Assert.Equal("monitoring.coreos.com/v1", Text(podMonitor["apiVersion"]));

        // job="streamclassifier" as the alerting rules select: the PodMonitor's jobLabel names a pod label with that value.
        Assert.Equal("streamclassifier", podLabels[Text(Map(podMonitor, "spec")["jobLabel"])]);

        var container = Container();
        var port = (YamlMappingNode)((YamlSequenceNode)container["ports"]).Single();
        Assert.Equal("metrics", Text(port["name"]));
        var servicePort = (YamlMappingNode)((YamlSequenceNode)Map(service, "spec")["ports"]).Single();
        Assert.Equal("metrics", Text(servicePort["targetPort"]));
        var endpoint = (YamlMappingNode)((YamlSequenceNode)Map(podMonitor, "spec")["podMetricsEndpoints"]).Single();
        Assert.Equal(("metrics", "/metrics"), (Text(endpoint["port"]), Text(endpoint["path"])));

        // Liveness on /healthz, readiness on /readyz (a worker without partitions is alive but not ready).
        Assert.Equal("/healthz", Text(Map(Map(container, "livenessProbe"), "httpGet")["path"]));
        Assert.Equal("/readyz", Text(Map(Map(container, "readinessProbe"), "httpGet")["path"]));

        // The worker listens where the port is declared, on every interface.
        var listen = ListenAddress.Parse(LoadTopology().Telemetry.Listen);
        Assert.Equal("+", listen.Host);
        Assert.Equal(listen.Port.ToString(CultureInfo.InvariantCulture), Text(port["containerPort"]));
    }

    [Fact]
    public void Replicas_stay_within_the_source_topic_partitions_and_the_grace_period_covers_the_shutdown()
    {
        var spec = Map(deployment, "spec");
        var replicas = int.Parse(Text(spec["replicas"]), CultureInfo.InvariantCulture);
        var partitions = int.Parse(Text(Map(Map(deployment, "metadata"), "annotations")["streamclassifier/source-topic-partitions"]), CultureInfo.InvariantCulture);
        Assert.InRange(replicas, 1, partitions);

        // A rolling update never runs more pods than replicas: a surge pod could find no partition and never be ready.
        var rollingUpdate = Map(Map(spec, "strategy"), "rollingUpdate");
        Assert.Equal(("0", "1"), (Text(rollingUpdate["maxSurge"]), Text(rollingUpdate["maxUnavailable"])));

        // The partition count the annotation states is the one the compose stack creates for the same topic.
        var topology = LoadTopology();
        var compose = File.ReadAllText(SharedPaths.Repo("docker-compose.yml"));
        Assert.Contains($"{topology.Source.Kafka.Topic}:{partitions}", compose, StringComparison.Ordinal);
        Assert.Contains("replicas ≤ partitions", File.ReadAllText(SharedPaths.Repo("docs", "operations.md")), StringComparison.Ordinal);

        var grace = int.Parse(Text(Map(Map(spec, "template"), "spec")["terminationGracePeriodSeconds"]), CultureInfo.InvariantCulture);
        Assert.True(grace > topology.Worker.ShutdownTimeoutS, $"terminationGracePeriodSeconds {grace} must exceed worker.shutdown_timeout_s {topology.Worker.ShutdownTimeoutS}.");
    }

    [Fact]
    public void The_configmap_topology_is_mounted_where_the_args_point_and_passes_the_products_validation()
    {
        var container = Container();
        var args = ((YamlSequenceNode)container["args"]).Select(Text).ToList();
        Assert.Equal("run", args[0]);
        var topologyArgument = args[args.IndexOf("--topology") + 1];
        var mount = ((YamlSequenceNode)container["volumeMounts"]).Cast<YamlMappingNode>().Single(volume => Text(volume["name"]) == "topology");
        var key = Path.GetFileName(topologyArgument);
        Assert.Equal("/app/" + Path.GetDirectoryName(topologyArgument), Text(mount["mountPath"]));
        Assert.True(Map(configMap, "data").Children.ContainsKey(key), $"the ConfigMap has no key {key}");

        // Every variable the topology reads is set by the Deployment.
        var yaml = TopologyText();
        var references = TopologyLoader.FindEnvironmentReferences(yaml).Select(found => found.Reference.Name).ToHashSet();
        var environment = Environment();
        Assert.DoesNotContain(references, name => !environment.ContainsKey(name));

        // Laid out as in the image: /app/topologies/<key> and /app/models from the repository.
        var path = Path.Combine(temp, "topologies", key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        CopyModels();
        var topology = TopologyLoader.Load(path, environment);
        Assert.Equal("kafka:9092", topology.Source.Kafka.Bootstrap);
        using (var scorers = TopologyScorers.Load(topology))
        {
            Assert.Equal(topology.Streams.Count, scorers.ByStream.Count);
        }

        var output = new StringWriter();
        var errors = new StringWriter();
        Assert.True(ValidateCommand.Run(path, output, errors) == 0, errors.ToString());
        Assert.Contains("card matches the stream's preprocessing", output.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private void CopyModels()
    {
        Directory.CreateDirectory(Path.Combine(temp, "models"));
        foreach (var file in Directory.GetFiles(SharedPaths.Repo("models")))
        {
            File.Copy(file, Path.Combine(temp, "models", Path.GetFileName(file)));
        }
    }

    private TopologyDefinition LoadTopology() => TopologyLoader.LoadFromString(TopologyText(), "configmap.yaml", Environment(), SharedPaths.RepoRoot);

    private string TopologyText() => Text(Map(configMap, "data")["topology.yaml"]);

    private YamlMappingNode Container() =>
        (YamlMappingNode)((YamlSequenceNode)Map(Map(Map(deployment, "spec"), "template"), "spec")["containers"]).Single();

    private Dictionary<string, string> Environment() =>
        ((YamlSequenceNode)Container()["env"]).Cast<YamlMappingNode>()
            .Where(variable => variable.Children.ContainsKey("value"))
            .ToDictionary(variable => Text(variable["name"]), variable => Text(variable["value"]));

    private static YamlMappingNode Manifest(string file, string kind)
    {
        var root = DashboardTests.LoadYaml(Path.Combine(Folder, file));
        Assert.Equal(kind, Text(root["kind"]));
        return root;
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    private static Dictionary<string, string> Labels(YamlMappingNode node) => node.Children.ToDictionary(pair => Text(pair.Key), pair => Text(pair.Value));

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? string.Empty;
}
