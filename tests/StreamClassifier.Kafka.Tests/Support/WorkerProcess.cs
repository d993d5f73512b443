using System.Diagnostics;
using System.Text;

namespace StreamClassifier.Kafka.Tests.Support;

/// <summary>
/// Runs <c>streamclassifier</c> (the worker executable copied beside the tests) as a separate process,
/// capturing its output. Disposing kills it (the whole tree) if it is still running.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder errors = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Done)> lineWaiters = [];

    private WorkerProcess(Process process) => this.process = process;

    /// <summary>The process id.</summary>
    public int Id => process.Id;

    /// <summary>Everything written to stdout so far.</summary>
    public string Output { get { lock (output) { return output.ToString(); } } }

    /// <summary>Everything written to stderr so far.</summary>
    public string Errors { get { lock (output) { return errors.ToString(); } } }

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>The path of streamclassifier.dll in the test output folder.</summary>
    public static string WorkerDll => Path.Combine(AppContext.BaseDirectory, "streamclassifier.dll");

    /// <summary>Starts <c>dotnet streamclassifier.dll args...</c>.</summary>
    public static WorkerProcess Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(WorkerDll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_gcServer"] = "0";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.OnLine(e.Data, worker.output);
        process.ErrorDataReceived += (_, e) => worker.OnLine(e.Data, worker.errors);
        if (!process.Start())
        {
            throw new InvalidOperationException("dotnet did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits (bounded) for a stdout or stderr line that matches, and returns it.</summary>
    public string WaitForLine(Func<string, bool> match, TimeSpan timeout, string what)
    {
        TaskCompletionSource<string> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (output)
        {
            foreach (var line in (output.ToString() + errors.ToString()).Split('\n'))
            {
                if (match(line.TrimEnd('\r')))
                {
                    return line.TrimEnd('\r');
                }
            }

            lineWaiters.Add((match, done));
        }

        var exited = process.WaitForExitAsync();
        var first = Task.WhenAny(done.Task, exited, Task.Delay(timeout)).GetAwaiter().GetResult();
        if (first == done.Task)
        {
            return done.Task.Result;
        }

        var why = first == exited ? $"exited with code {process.ExitCode}" : $"did not print it within {timeout.TotalSeconds:0} s";
        throw new TimeoutException($"Waiting for {what}: the worker process {why}.\nstdout:\n{Output}\nstderr:\n{Errors}");
    }

    /// <summary>Waits (bounded) for exit and returns the exit code.</summary>
    public int WaitForExit(TimeSpan timeout, string what)
    {
        if (!process.WaitForExit(timeout))
        {
            throw new TimeoutException($"Waiting for {what}: the worker process did not exit within {timeout.TotalSeconds:0} s.\nstdout:\n{Output}\nstderr:\n{Errors}");
        }

        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Writes a line to the process's stdin.</summary>
    public void Send(string line)
    {
        process.StandardInput.WriteLine(line);
        process.StandardInput.Flush();
    }

    /// <summary>Sends SIGTERM (graceful stop).</summary>
    public void Terminate()
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }

    /// <summary>SIGKILL: the process gets no chance to clean up (kill -9).</summary>
    public void KillHard()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            KillHard();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    private void OnLine(string? line, StringBuilder target)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            target.AppendLine(line);
            for (var i = lineWaiters.Count - 1; i >= 0; i--)
            {
                if (lineWaiters[i].Match(line))
                {
                    lineWaiters[i].Done.TrySetResult(line);
                    lineWaiters.RemoveAt(i);
                }
            }
        }
    }
}
