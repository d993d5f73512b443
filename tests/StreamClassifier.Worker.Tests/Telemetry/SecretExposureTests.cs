using System.Diagnostics;
using System.Net;
using StreamClassifier.Testing;
using StreamClassifier.Worker.Tests.Offline;

namespace StreamClassifier.Worker.Tests.Telemetry;

/// <summary>
/// A SASL password given through the environment never shows: not in the worker's log in any
/// format, not on /metrics, /healthz or /readyz, not in <c>validate</c> or <c>inspect-model</c>
/// output, not in an error message. The worker runs against its embedded broker, which refuses the
/// SASL connection, so the clients try to authenticate and log their failures; librdkafka's debug
/// output is on.
/// </summary>
public sealed class SecretExposureTests : IDisposable
{
    private const string Password = "Pw-7c1d9e2f-never-printed";
    private const string Variable = "KAFKA_SASL_PASSWORD";
    private readonly OfflineFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Theory]
    [InlineData("plain")]
    [InlineData("simple")]
    [InlineData("json")]
    [InlineData("systemd")]
    public async Task The_worker_never_logs_or_serves_the_password(string logFormat)
    {
        var topology = WriteTopology($"\"${{{Variable}}}\"");
        var port = TelemetryHarness.FreePort();
        var environment = new Dictionary<string, string> { [Variable] = Password, ["Logging__LogLevel__Default"] = "Debug", ["DOTNET_gcServer"] = "0" };
        using var worker = ProcessRun.Start("dotnet", [WorkerDll, "run", "--topology", topology, "--listen", $"127.0.0.1:{port}", "--log-format", logFormat], environment);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };

        // Started, and the clients have failed to authenticate at least once.
        await WaitFor(async () => (await TryGet(http, "readyz")).Contains("not reachable", StringComparison.Ordinal), "the Kafka clients to fail against the broker", worker);
        var served = string.Concat(await TryGet(http, "metrics"), await TryGet(http, "healthz"), await TryGet(http, "readyz"));

        Assert.Contains("streamclassifier_", served, StringComparison.Ordinal);
        Assert.Contains("sasl_plaintext://", worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, served, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_inspect_model_and_errors_never_print_the_password()
    {
        var fromEnvironment = WriteTopology($"\"${{{Variable}}}\"");
        var environment = new Dictionary<string, string> { [Variable] = Password };

        var (validateExit, validate) = Run(environment, "validate", "--topology", fromEnvironment);
        Assert.Equal(0, validateExit);
        var (inspectExit, inspect) = Run(environment, "inspect-model", SharedPaths.Reference("onnx", "seed_example1.onnx"));
        Assert.Equal(0, inspectExit);

        // Failing runs: a bad model path with the password set, and the password written in the file.
        File.WriteAllText(fromEnvironment, File.ReadAllText(fromEnvironment).Replace("seed_example1.onnx", "absent.onnx", StringComparison.Ordinal));
        var (badModelExit, badModel) = Run(environment, "run", "--topology", fromEnvironment, "--listen", $"127.0.0.1:{TelemetryHarness.FreePort()}");
        Assert.Equal(2, badModelExit);
        var (literalExit, literal) = Run(environment, "validate", "--topology", WriteTopology($"\"{Password}\""));
        Assert.Equal(2, literalExit);
        Assert.Contains("'sasl.password' is a secret", literal, StringComparison.Ordinal);

        foreach (var output in new[] { validate, inspect, badModel, literal })
        {
            Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
        }
    }

    private static string WorkerDll => Path.Combine(AppContext.BaseDirectory, "streamclassifier.dll");

    private static (int ExitCode, string Output) Run(Dictionary<string, string> environment, params string[] arguments)
    {
        using var run = ProcessRun.Start("dotnet", [WorkerDll, .. arguments], environment);
        return (run.WaitForExit(TimeSpan.FromMinutes(2)), run.Output);
    }

    private static async Task<string> TryGet(HttpClient http, string path)
    {
        try
        {
            return await http.GetStringAsync(path);
        }
        catch (HttpRequestException exception) when (exception.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            using var response = await http.GetAsync(path);
            return await response.Content.ReadAsStringAsync();
        }
        catch (HttpRequestException)
        {
            return string.Empty;
        }
    }

    private static async Task WaitFor(Func<Task<bool>> condition, string what, ProcessRun worker)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.False(worker.HasExited, $"the worker exited while waiting for {what}:\n{worker.Output}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"timed out waiting for {what}:\n{worker.Output}");
            await Task.Delay(250);
        }
    }

    // The offline fixture's topology with SASL settings (the password written as given) and librdkafka's debug output.
    private string WriteTopology(string password)
    {
        var path = fixture.Path_($"sasl-{Guid.NewGuid():N}.yaml");
        var yaml = OfflineFixture.Topology(SharedPaths.Reference("onnx", "seed_example1.onnx")).Replace(
            "kafka: {bootstrap: embedded, topic: sensors.test, group: test}",
            $"kafka: {{bootstrap: embedded, topic: sensors.test, group: test, config: {{security.protocol: SASL_PLAINTEXT, sasl.mechanism: PLAIN, sasl.username: worker, sasl.password: {password}, debug: \"conf,security,broker\"}}}}",
            StringComparison.Ordinal);
        Assert.Contains("sasl.password", yaml, StringComparison.Ordinal);
        File.WriteAllText(path, yaml);
        return path;
    }
}
