using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace StreamClassifier.Worker.Tests.Hosting;

/// <summary>
/// Errors <c>run</c> finds before the host starts (a bad topology) go through the log format chosen
/// by <c>--log-format</c>, so a JSON log pipeline never receives a plain line; the exit code stays 2.
/// </summary>
public sealed class RunPreHostLogTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sc-prehost-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Json_format_logs_a_bad_topology_as_one_json_object_per_line_with_exit_code_2()
    {
        var (exitCode, errors) = RunWorker("run", "--topology", BadTopology(), "--log-format", "json");

        Assert.Equal(2, exitCode);
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        var events = lines.Select(line => ParseJsonLine(line, errors)).ToList();
        var error = Assert.Single(events, e => e.GetProperty("EventId").GetInt32() == 4);
        Assert.Equal("Error", error.GetProperty("LogLevel").GetString());
        var message = error.GetProperty("Message").GetString()!;
        Assert.StartsWith("run: ", message, StringComparison.Ordinal);
        AssertSaysWhatWhereAndHow(message);
        Assert.EndsWith("Z", error.GetProperty("Timestamp").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_format_from_the_environment_is_honoured_too()
    {
        var (exitCode, errors) = RunWorker(new Dictionary<string, string> { ["Logging__Console__FormatterName"] = "json" }, "run", "--topology", BadTopology());

        Assert.Equal(2, exitCode);
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.All(lines, line => ParseJsonLine(line, errors));
        Assert.Contains(lines, line => line.Contains("\"EventId\":4", StringComparison.Ordinal));
    }

    [Fact]
    public void Default_format_prints_the_plain_message_with_exit_code_2()
    {
        var (exitCode, errors) = RunWorker("run", "--topology", BadTopology());

        Assert.Equal(2, exitCode);
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("error: run: Topology ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, line => line.StartsWith('{'));
        AssertSaysWhatWhereAndHow(errors);
    }

    // The loader's message names the file and the field, and says what to write instead.
    private static void AssertSaysWhatWhereAndHow(string message)
    {
        Assert.Contains("bad.yaml:9:", message, StringComparison.Ordinal);
        Assert.Contains("streams[0].window.hop: got 64 with size 32", message, StringComparison.Ordinal);
        Assert.Contains("expected a hop from 1 to the window size", message, StringComparison.Ordinal);
    }

    private static JsonElement ParseJsonLine(string line, string allErrors)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new Xunit.Sdk.XunitException($"stderr line is not one JSON object: '{line}' ({exception.Message}). All of stderr:\n{allErrors}");
        }
    }

    private string BadTopology()
    {
        var path = Path.Combine(folder, "bad.yaml");
        File.WriteAllText(path, """
            name: bad
            source:
              kafka: {bootstrap: "127.0.0.1:1", topic: sensors, group: g}
            streams:
              - name: ecg
                sensors: "ecg-*"
                sample_rate_hz: 100
                channels: [0]
                window: {size: 32, hop: 64}
                normalize: none
                model: {path: missing.onnx, input_layout: NCL, output: probability}
            """);
        return path;
    }

    private static (int ExitCode, string Errors) RunWorker(params string[] arguments) => RunWorker(new Dictionary<string, string>(), arguments);

    private static (int ExitCode, string Errors) RunWorker(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "streamclassifier.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("Logging__Console__FormatterName");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"run did not exit within 60 s on a bad topology. stderr so far:\n{errors}");
        }

        process.WaitForExit(); // drains the asynchronous stderr reader
        _ = output.GetAwaiter().GetResult();
        lock (errors)
        {
            return (process.ExitCode, errors.ToString());
        }
    }
}
