using StreamClassifier.Core.Models;
using StreamClassifier.Core.Tests.Models;
using StreamClassifier.Core.Topology;
using StreamClassifier.Testing;

namespace StreamClassifier.Core.Tests.Topology;

/// <summary>The topology files shipped in topologies/ are valid and say what their comments promise.</summary>
public class TopologyFilesTests
{
    public static TheoryData<string> TopologyFiles()
    {
        var files = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(SharedPaths.Repo("topologies"), "*.yaml").Order(StringComparer.Ordinal))
        {
            files.Add(Path.GetFileName(path));
        }

        return files;
    }

    private static TopologyDefinition LoadShipped(string fileName) =>
        TopologyLoader.Load(SharedPaths.Repo("topologies", fileName), new Dictionary<string, string>());

    [Theory]
    [MemberData(nameof(TopologyFiles))]
    public void Every_shipped_topology_is_valid_with_an_empty_environment(string fileName)
    {
        var topology = LoadShipped(fileName);

        Assert.Equal(SharedPaths.RepoRoot, topology.BaseDirectory);
        Assert.Equal(Path.GetFileNameWithoutExtension(fileName), topology.Name);
    }

    [Fact]
    public void The_folder_holds_the_expected_topologies()
    {
        var names = Directory.EnumerateFiles(SharedPaths.Repo("topologies"), "*.yaml").Select(path => Path.GetFileName(path));

        Assert.Superset(new HashSet<string>(["ecg-demo.yaml", "preprocess-ecg.yaml", "bench-example2.yaml", "bench-example1.yaml"]), new HashSet<string>(names));
        Assert.Empty(Directory.EnumerateFiles(SharedPaths.Repo("topologies"), "*.yml"));
    }

    [Fact]
    public void The_ecg_demo_scores_mitbih_lead_ii_with_the_trained_pvc_model()
    {
        var topology = LoadShipped("ecg-demo.yaml");

        Assert.True(topology.Source.Kafka.IsEmbedded);
        var stream = Assert.Single(topology.Streams);
        Assert.Equal((360.0, 720, 40), (stream.SampleRateHz, stream.Window.Size, stream.Window.Hop));
        Assert.Equal([0], stream.Channels);
        Assert.Equal([FilterSpec.Bandpass(0.5, 40, 4), FilterSpec.Notch(60, 30)], stream.Filters);
        Assert.Equal(NormalizationSpec.ZScore, stream.Normalize);
        Assert.Equal(SharedPaths.Repo("models", "ecg-pvc.onnx"), topology.ResolvePath(stream.Model!.Path));
        Assert.Null(stream.Alert!.Threshold);
        Assert.Equal("alerts.ecg", topology.Sinks.AlertsTopic);
    }

    [Fact]
    public void The_ecg_demo_agrees_with_its_model_card_once_the_trainer_has_written_it()
    {
        var topology = LoadShipped("ecg-demo.yaml");
        var stream = topology.Streams[0];
        var cardPath = Path.ChangeExtension(topology.ResolvePath(stream.Model!.Path), ".card.json");
        if (!File.Exists(cardPath))
        {
            // Until the trained model is committed, hold the topology to the trainer's announced card instead.
            var announced = EcgDemoCard.Card;
            TopologyModelCheck.Check(stream, announced, "topologies/ecg-demo.yaml", "the announced ECG card");
            return;
        }

        TopologyModelCheck.Check(stream, ModelCard.Parse(File.ReadAllText(cardPath), cardPath), "topologies/ecg-demo.yaml", cardPath);
    }

    [Theory]
    [MemberData(nameof(TopologyFiles))]
    public void Every_shipped_model_card_agrees_with_its_topology(string fileName)
    {
        var topology = LoadShipped(fileName);

        foreach (var stream in topology.Streams.Where(stream => stream.Model is not null))
        {
            // Models are committed by the trainer and ONNX branches; each one present is held to its topology.
            var cardPath = Path.ChangeExtension(topology.ResolvePath(stream.Model!.Path), ".card.json");
            if (File.Exists(cardPath))
            {
                TopologyModelCheck.Check(stream, ModelCard.Parse(File.ReadAllText(cardPath), cardPath), $"topologies/{fileName}", cardPath);
            }
        }
    }

    [Fact]
    public void The_preprocessing_topology_has_the_demo_chain_and_no_model()
    {
        var demo = LoadShipped("ecg-demo.yaml").Streams[0];
        var preprocess = Assert.Single(LoadShipped("preprocess-ecg.yaml").Streams);

        Assert.Null(preprocess.Model);
        Assert.Equal(demo.Filters, preprocess.Filters);
        Assert.Equal((demo.SampleRateHz, demo.Window, demo.Normalize), (preprocess.SampleRateHz, preprocess.Window, preprocess.Normalize));
    }

    [Fact]
    public void The_benchmark_topology_runs_example_2_on_one_channel_of_500_samples()
    {
        var topology = LoadShipped("bench-example2.yaml");
        var stream = Assert.Single(topology.Streams);

        Assert.Equal([0], stream.Channels);
        Assert.Equal(new WindowSpec(500, 125), stream.Window);
        Assert.Equal([FilterSpec.Bandpass(0.5, 40, 4)], stream.Filters);   // the 4-section chain the DSP target is stated for
        Assert.Equal(new ModelSpec { Path = "models/bench/seed_example2_1x500.onnx", InputLayout = InputLayout.NCL, Output = OutputKind.Probability, Watch = false }, stream.Model);
    }

    [Fact]
    public void The_tiny_model_benchmark_topology_runs_example_1_on_one_channel_of_250_samples()
    {
        var topology = LoadShipped("bench-example1.yaml");
        var stream = Assert.Single(topology.Streams);

        Assert.Equal([0], stream.Channels);
        Assert.Equal(250, stream.SampleRateHz);
        Assert.Equal(new WindowSpec(250, 250), stream.Window);   // one window per 250-sample record
        Assert.Equal([FilterSpec.Bandpass(0.5, 40, 4)], stream.Filters);
        Assert.Equal(new ModelSpec { Path = "models/bench/seed_example1_1x250.onnx", InputLayout = InputLayout.NCL, Output = OutputKind.Probability, Watch = false }, stream.Model);
    }
}
