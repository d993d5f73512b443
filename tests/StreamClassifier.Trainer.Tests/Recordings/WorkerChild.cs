using System.Diagnostics;
using System.Text;

namespace StreamClassifier.Trainer.Tests.Recordings;

/// <summary><c>dotnet streamclassifier.dll ...</c> as a child process with its output captured; disposing kills it if still running.</summary>
internal sealed class WorkerChild : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private WorkerChild(Process process) => this.process = process;

    public bool HasExited => process.HasExited;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static WorkerChild Start(string dll, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_gcServer"] = "0";
        var child = new WorkerChild(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start."));
        child.process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child.process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child.process.BeginOutputReadLine();
        child.process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The exit code; fails the test when the process runs longer than <paramref name="timeout"/>.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        Assert.True(process.WaitForExit(timeout), $"{string.Join(' ', process.StartInfo.ArgumentList)} did not exit within {timeout}:\n{Output}");
        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
