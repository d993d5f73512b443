using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StreamClassifier.Worker.Soak;

/// <summary>
/// The worker under test in a process of its own (<c>streamclassifier soak worker</c>, the <c>run</c>
/// host without local alert sinks), so its resident memory, threads and file descriptors are its own and
/// not the broker's or the producer's. Its log goes to a file; its telemetry endpoint is scraped over HTTP.
/// </summary>
internal sealed class WorkerChild : IDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;
    private readonly HttpClient http;

    private WorkerChild(Process process, StreamWriter log, Uri baseUri)
    {
        this.process = process;
        this.log = log;
        BaseUri = baseUri;
        http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(5) };
    }

    /// <summary>The child's process id.</summary>
    public int Pid => process.Id;

    /// <summary>The child's telemetry endpoint.</summary>
    public Uri BaseUri { get; }

    /// <summary>Whether the child has exited.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>The exit code once exited.</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>Starts the worker on <paramref name="topologyPath"/> against <paramref name="bootstrap"/>, logging to <paramref name="logPath"/>.</summary>
    public static WorkerChild Start(string topologyPath, string bootstrap, string logPath, string instanceId)
    {
        var port = FreePort();
        // The worker's own executable when this is it; otherwise (dotnet streamclassifier.dll, a test host) dotnet with the assembly.
        var assembly = typeof(WorkerChild).Assembly.Location;
        var self = Environment.ProcessPath;
        var isWorkerExecutable = self is not null && Path.GetFileNameWithoutExtension(self) == Path.GetFileNameWithoutExtension(assembly);
        var program = isWorkerExecutable ? self! : self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (!isWorkerExecutable)
        {
            info.ArgumentList.Add(assembly);
        }

        foreach (var argument in new[] { "soak", "worker", "--topology", topologyPath, "--bootstrap", bootstrap, "--listen", $"127.0.0.1:{port}", "--instance-id", instanceId })
        {
            info.ArgumentList.Add(argument);
        }

        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the worker process.");
        void Append(object? sender, DataReceivedEventArgs line)
        {
            if (line.Data is not null)
            {
                lock (log)
                {
                    log.WriteLine(line.Data);
                }
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerChild(process, log, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>GETs <c>/metrics</c>; null when the endpoint does not answer.</summary>
    public MetricsScrape? Scrape() => Get("metrics") is { Status: 200, Body: { } body } ? MetricsScrape.Parse(body) : null;

    /// <summary>GETs <c>/readyz</c>: the status code and body, or null when it does not answer.</summary>
    public (int Status, string Body)? Readiness() => Get("readyz");

    /// <summary>Stops the child with SIGTERM and waits (bounded) for its graceful exit; kills it after the bound.</summary>
    /// <returns>The exit code, or null when it had to be killed.</returns>
    public int? Stop(TimeSpan bound)
    {
        if (!process.HasExited)
        {
            PosixSignal.Terminate(process.Id);
        }

        if (process.WaitForExit(bound))
        {
            process.WaitForExit(); // drains the redirected output
            return process.ExitCode;
        }

        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        return null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
        http.Dispose();
        lock (log)
        {
            log.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private (int Status, string Body)? Get(string path)
    {
        try
        {
            using var response = http.GetAsync(new Uri(path, UriKind.Relative)).GetAwaiter().GetResult();
            return ((int)response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
        {
            return null;
        }
    }
}
