using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using StreamClassifier.Testing;
using StreamClassifier.Worker.Tests.Offline;

namespace StreamClassifier.Worker.Tests.Commands;

/// <summary>
/// Every option and environment variable of <c>streamclassifier</c> with a bad value: the process
/// prints one <c>error:</c> line saying what is wrong and exits 2 (1 for a bad recording), never a stack
/// trace. Each row runs the real executable, as a user would.
/// </summary>
public sealed class BadOptionTests : IDisposable
{
    private const string Worker = "streamclassifier.dll";
    private readonly OfflineFixture fixture = new();

    public BadOptionTests()
    {
        Directory.CreateDirectory(fixture.Path_("a-directory"));
        File.WriteAllText(fixture.Path_("empty.csv"), "sensor,t_ms,ch0\n");
    }

    /// <summary>Option values that do not parse or are out of range, for every command.</summary>
    public static TheoryData<string, string> BadValues() => new()
    {
        // run
        { "run --topology {dir}/absent.yaml", "the topology file does not exist" },
        { "run --topology {dir}/a-directory", "it is a directory; pass the path of the YAML file inside it" },
        { "run --topology {topology} --listen localhost", "--listen: 'localhost' is not host:port" },
        { "run --topology {topology} --listen 127.0.0.1:70000", "--listen: '127.0.0.1:70000' is not host:port with a port in 1..65535" },
        { "run --topology {topology} --commit-interval-ms soon", "Cannot parse argument 'soon' for option '--commit-interval-ms'" },
        { "run --topology {topology} --commit-interval-ms 0", "--commit-interval-ms 0 is below 50" },
        { "run --topology {topology} --model-poll-s -1", "--model-poll-s -1 is not a number of seconds of at least 1" },
        { "run --topology {topology} --model-poll-s NaN", "--model-poll-s NaN" },
        { "run --topology {topology} --log-format xml", "Argument 'xml' not recognized" },
        { "run --topology {topology} --instance-id \" \"", "--instance-id is empty" },
        { "run --topology {topology} --bootstrap \"\"", "--bootstrap is empty" },
        { "run --topology {topology} --unknown 1", "Unrecognized command or argument '--unknown'" },
        { "run", "Option '--topology' is required" },
        { "runn", "Unrecognized command or argument 'runn'" },

        // validate, inspect-model
        { "validate --topology {dir}/a-directory", "it is a directory" },
        { "validate", "Option '--topology' is required" },
        { "inspect-model {dir}/a-directory", "it is a directory; point at the .onnx file inside it" },
        { "inspect-model {dir}/absent.onnx", "absent.onnx' was not found" },

        // score, preprocess
        { "score --topology {topology} --input {dir}/empty.csv --output {dir}/a-directory", "a-directory" },
        { "score --topology {dir}/a-directory --input {dir}/empty.csv --output {dir}/out.jsonl", "it is a directory" },
        { "preprocess --topology {topology} --input {dir}/empty.csv --output {dir}/a-directory", "a-directory" },

        // replay
        { "replay --bootstrap \"\" --topic t --input {dir}/empty.csv", "--bootstrap is empty" },
        { "replay --bootstrap localhost:1 --topic \"\" --input {dir}/empty.csv", "--topic is empty" },
        { "replay --bootstrap localhost:1 --topic t --input {dir}/empty.csv --speed -1", "--speed -1 is out of range" },
        { "replay --bootstrap localhost:1 --topic t --input {dir}/empty.csv --rate-hz 0", "--rate-hz 0 is out of range" },
        { "replay --bootstrap localhost:1 --topic t --input {dir}/empty.csv --chunk 0", "--chunk must be at least 1" },
        { "replay --bootstrap localhost:1 --topic t --input {dir}/empty.csv --format xml", "Argument 'xml' not recognized" },
        { "replay --bootstrap localhost:1 --topic t --mitbih {dir}/106 --seconds 0", "--seconds 0 is out of range" },
        { "replay --bootstrap localhost:1 --topic t --mitbih {dir}/106 --skip-seconds -3", "--skip-seconds -3 is out of range" },
        { "replay --bootstrap localhost:1 --topic t", "give exactly one of --input rec.csv or --mitbih RECORD_PATH" },

        // bench, broker
        { "bench --topology {topology} --rounds 0", "--rounds 0 is out of range" },
        { "bench --topology {topology} --sensors -2", "--sensors -2 is out of range" },
        { "bench --topology {topology} --windows 0", "--windows 0 is out of range" },
        { "bench --topology {topology} --chunk 0", "--chunk 0 is out of range" },
        { "bench --topology {topology} --source kafka --partitions 0", "--partitions 0 is out of range" },
        { "bench --topology {topology} --source file", "Argument 'file' not recognized" },
        { "bench --topology {topology} --source kafka --bootstrap \"\"", "--bootstrap is empty" },
        { "broker --brokers 0", "--brokers must be between 1 and 16" },
        { "broker --partitions 0", "--partitions must be at least 1" },
        { "broker --bootstrap-file {dir}/a-directory/absent/bootstrap.txt", "bootstrap.txt" },

        // demo, ecg-eval
        { "demo --topology {dir}/a-directory", "it is a directory" },
        { "demo --speed -2", "--speed -2 is out of range" },
        { "demo --episode-gap -1", "--episode-gap -1 is out of range" },
        { "demo --tolerance -1", "--tolerance -1 is out of range" },
        { "demo --duration soon", "--duration is \"soon\"" },
        { "demo --max-signal soon", "--max-signal is \"soon\"" },
        { "demo --topology {repo}/topologies/ecg-demo.yaml --data {dir}/a-directory", "No annotated WFDB records (.hea with .atr) in" },
        { "demo extract", "Option '--mitbih' is required" },
        { "ecg-eval --topology {dir}/a-directory", "it is a directory" },
        { "ecg-eval --topology {topology} --snr loud", "--snr: 'loud' is not a number of dB" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_option_value_prints_one_error_line_and_exits_2(string commandLine, string expected) =>
        BadOptionRun.AssertFailsWithOneLine(Worker, Arguments(commandLine), 2, expected, workingDirectory: fixture.Folder);

    [Fact]
    public void A_missing_recording_is_bad_input_data_with_exit_code_1()
    {
        BadOptionRun.AssertFailsWithOneLine(Worker, Arguments("score --topology {topology} --input {dir}/absent.csv --output {dir}/out.jsonl"), 1, "absent.csv: file not found");
        BadOptionRun.AssertFailsWithOneLine(Worker, Arguments("replay --bootstrap localhost:1 --topic t --mitbih {dir}/106"), 1, "106.hea: the WFDB header file does not exist");

        // The default MIT-BIH folder comes from STREAMCLASSIFIER_SHARED.
        var shared = new Dictionary<string, string> { ["STREAMCLASSIFIER_SHARED"] = fixture.Path_("a-directory") };
        BadOptionRun.AssertFailsWithOneLine(Worker, Arguments("ecg-eval --topology {repo}/topologies/ecg-demo.yaml --records 100"), 1, "a-directory/datasets/mitbih", shared);
    }

    [Fact]
    public void A_listen_port_that_is_taken_stops_run_with_exit_code_2()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        BadOptionRun.AssertFailsWithOneLine(Worker, Arguments($"run --topology {{topology}} --listen 127.0.0.1:{port}"), 2, $"--listen: cannot listen on 127.0.0.1:{port}");
    }

    [Fact]
    public void A_model_path_that_is_a_directory_stops_run_and_validate_with_exit_code_2()
    {
        var topology = WriteTopology("dir-model.yaml", fixture.Path_("a-directory"));
        BadOptionRun.AssertFailsWithOneLine(Worker, ["run", "--topology", topology, "--listen", $"127.0.0.1:{FreePort()}"], 2, "it is a directory; point at the .onnx file inside it");
        BadOptionRun.AssertFailsWithOneLine(Worker, ["validate", "--topology", topology], 2, "it is a directory; point at the .onnx file inside it");
    }

    [Fact]
    public void A_2_GiB_file_as_model_is_refused_without_reading_it()
    {
        var model = fixture.Path_("huge.onnx");
        using (var file = File.Create(model))
        {
            file.SetLength(2L * 1024 * 1024 * 1024); // sparse on Linux: nothing is written
        }

        var topology = WriteTopology("huge-model.yaml", model);
        BadOptionRun.AssertFailsWithOneLine(Worker, ["inspect-model", model], 2, "it is 2.0 GiB, and an ONNX protobuf holds at most 2 GiB");
        BadOptionRun.AssertFailsWithOneLine(Worker, ["validate", "--topology", topology], 2, "huge.onnx' is not an ONNX model");
        BadOptionRun.AssertFailsWithOneLine(Worker, ["run", "--topology", topology, "--listen", $"127.0.0.1:{FreePort()}"], 2, "huge.onnx' is not an ONNX model");
    }

    [Fact]
    public void A_card_that_lies_about_the_window_length_is_refused_by_run_validate_and_score()
    {
        // The bench model's graph takes 250 samples; a copy's card says 500, and so does its topology.
        var model = fixture.Path_("liar.onnx");
        File.Copy(SharedPaths.Repo("models", "bench", "seed_example1_1x250.onnx"), model);
        var card = JsonNode.Parse(File.ReadAllText(SharedPaths.Repo("models", "bench", "seed_example1_1x250.card.json")))!;
        card["window_length"] = 500;
        File.WriteAllText(fixture.Path_("liar.card.json"), card.ToJsonString());
        var topology = fixture.Path_("liar.yaml");
        File.WriteAllText(topology, File.ReadAllText(SharedPaths.Repo("topologies", "bench-example1.yaml"))
            .Replace("models/bench/seed_example1_1x250.onnx", model, StringComparison.Ordinal)
            .Replace("window: {size: 250, hop: 250}", "window: {size: 500, hop: 250}", StringComparison.Ordinal));

        BadOptionRun.AssertFailsWithOneLine(Worker, ["validate", "--topology", topology], 2, "liar.onnx");
        BadOptionRun.AssertFailsWithOneLine(Worker, ["run", "--topology", topology, "--listen", $"127.0.0.1:{FreePort()}"], 2, "liar.onnx");
        BadOptionRun.AssertFailsWithOneLine(Worker, ["score", "--topology", topology, "--input", fixture.Path_("empty.csv"), "--output", fixture.Path_("out.jsonl")], 2, "liar.onnx");
    }

    /// <summary>Environment variables the worker reads, each with a bad value.</summary>
    public static TheoryData<string, string, string, string> BadEnvironment() => new()
    {
        { "STREAMCLASSIFIER_INSTANCE", " ", "run --topology {topology}", "--instance-id is empty (' ', from --instance-id or STREAMCLASSIFIER_INSTANCE)" },
        { "Logging__Console__FormatterName", "xml", "run --topology {topology}", "Logging__Console__FormatterName is 'xml', not a log format" },
        { "STREAMCLASSIFIER_LISTEN", "localhost", "validate --topology {repo}/topologies/ecg-demo.yaml", "telemetry.listen: got 'localhost', expected host:port" },
        { "STREAMCLASSIFIER_LISTEN", "localhost", "run --topology {repo}/topologies/ecg-demo.yaml", "telemetry.listen: got 'localhost', expected host:port" },
        { "OTEL_EXPORTER_OTLP_ENDPOINT", "collector", "run --topology {repo}/topologies/ecg-demo.yaml", "telemetry.otlp_endpoint" },
    };

    [Theory]
    [MemberData(nameof(BadEnvironment))]
    public void A_bad_environment_variable_prints_one_error_line_and_exits_2(string variable, string value, string commandLine, string expected) =>
        BadOptionRun.AssertFailsWithOneLine(Worker, Arguments(commandLine), 2, expected, new Dictionary<string, string> { [variable] = Expand(value) }, fixture.Folder);

    public void Dispose() => fixture.Dispose();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string WriteTopology(string name, string modelPath)
    {
        var path = fixture.Path_(name);
        File.WriteAllText(path, OfflineFixture.Topology(modelPath));
        return path;
    }

    // Splits like a shell (double quotes group, "" is an empty argument) after expanding the placeholders.
    private string[] Arguments(string commandLine)
    {
        var arguments = new List<string>();
        foreach (var (part, index) in Expand(commandLine).Split('"').Select((part, index) => (part, index)))
        {
            if (index % 2 == 1)
            {
                arguments.Add(part);
            }
            else
            {
                arguments.AddRange(part.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return [.. arguments];
    }

    private string Expand(string text) => text
        .Replace("{dir}", fixture.Folder, StringComparison.Ordinal)
        .Replace("{topology}", fixture.TopologyPath, StringComparison.Ordinal)
        .Replace("{repo}", SharedPaths.RepoRoot, StringComparison.Ordinal);
}
