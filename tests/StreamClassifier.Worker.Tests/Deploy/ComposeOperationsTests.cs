using System.Text.RegularExpressions;
using StreamClassifier.Testing;
using YamlDotNet.RepresentationModel;

namespace StreamClassifier.Worker.Tests.Deploy;

/// <summary>The operational parts of docker-compose.yml and the Dockerfile: healthcheck, one runtime identifier, replay data that exists.</summary>
public sealed partial class ComposeOperationsTests
{
    private readonly YamlMappingNode services = (YamlMappingNode)DashboardTests.LoadYaml(SharedPaths.Repo("docker-compose.yml"))["services"];

    [Fact]
    public void The_worker_has_a_readiness_healthcheck_on_its_metrics_port()
    {
        var healthcheck = (YamlMappingNode)Service("worker")["healthcheck"];
        var test = string.Join(' ', ((YamlSequenceNode)healthcheck["test"]).Select(Text));
        Assert.Contains("/dev/tcp/127.0.0.1/9464", test, StringComparison.Ordinal);
        Assert.Contains("GET /readyz", test, StringComparison.Ordinal);
        Assert.Contains("9464:9464", ((YamlSequenceNode)Service("worker")["ports"]).Select(Text));
        Assert.True(healthcheck.Children.ContainsKey("start_period"), "model loading and the first assignment need a start period");
    }

    [Fact]
    public void The_image_is_restored_and_published_for_one_runtime_identifier_and_built_for_its_platform()
    {
        var dockerfile = File.ReadAllText(SharedPaths.Repo("Dockerfile"));
        var rid = RidArgument().Match(dockerfile).Groups["rid"].Value;
        Assert.Equal("linux-x64", rid);
        var restore = dockerfile.Split('\n').Single(line => line.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        var publish = dockerfile.Split('\n').Single(line => line.StartsWith("RUN dotnet publish", StringComparison.Ordinal));
        Assert.Contains("-r $RID", restore, StringComparison.Ordinal);
        Assert.Contains("-r $RID", publish, StringComparison.Ordinal);
        Assert.Contains("--no-restore", publish, StringComparison.Ordinal);

        // linux-x64 is linux/amd64 for Docker: the worker's build and both services using the image say so.
        var worker = Service("worker");
        Assert.Equal(["linux/amd64"], ((YamlSequenceNode)((YamlMappingNode)worker["build"])["platforms"]).Select(Text));
        Assert.Equal("linux/amd64", Text(worker["platform"]));
        Assert.Equal("linux/amd64", Text(Service("replay")["platform"]));
    }

    [Fact]
    public void The_replay_default_data_folder_exists_and_holds_the_default_records()
    {
        var replay = Service("replay");
        var volume = ((YamlSequenceNode)replay["volumes"]).Select(Text).Single(mount => mount.EndsWith(":/data/mitbih:ro", StringComparison.Ordinal));
        var folder = DefaultOf(volume[..volume.IndexOf('}', StringComparison.Ordinal)]);
        Assert.StartsWith("./", folder, StringComparison.Ordinal);
        var records = DefaultOf(Text(((YamlMappingNode)replay["environment"])["MITBIH_RECORDS"])).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            foreach (var extension in new[] { ".hea", ".dat", ".atr" })
            {
                Assert.True(File.Exists(SharedPaths.Repo(folder[2..], record + extension)), $"{folder}/{record}{extension} is missing: the replay service's default data path must hold the default records.");
            }
        }
    }

    private YamlMappingNode Service(string name) => (YamlMappingNode)services[name];

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? string.Empty;

    private static string DefaultOf(string value) => ComposeDefault().Match(value) is { Success: true } match ? match.Groups["default"].Value : value;

    [GeneratedRegex(@"\$\{[A-Z_]+:-(?<default>[^}]*)\}?")]
    private static partial Regex ComposeDefault();

    [GeneratedRegex(@"^ARG RID=(?<rid>\S+)$", RegexOptions.Multiline)]
    private static partial Regex RidArgument();
}
