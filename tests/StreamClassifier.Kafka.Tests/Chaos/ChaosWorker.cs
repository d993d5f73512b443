using System.Diagnostics;
using System.Globalization;
using System.Text;
using StreamClassifier.Kafka.Tests.Support;

namespace StreamClassifier.Kafka.Tests.Chaos;

/// <summary>
/// One worker slot of a chaos run: a <c>streamclassifier run</c> process with a stable instance id,
/// restarted after every fault that ends it. Keeps the tail of earlier incarnations' logs for the failure report.
/// </summary>
public sealed class ChaosWorker : IDisposable
{
    private const int KeptLogChars = 20_000;
    private readonly string[] arguments;
    private readonly StringBuilder earlier = new();
    private WorkerProcess process;

    /// <summary>Starts the first incarnation.</summary>
    public ChaosWorker(string instance, string topologyPath, string bootstrap)
    {
        Instance = instance;
        arguments = ["run", "--topology", topologyPath, "--bootstrap", bootstrap, "--instance-id", instance, "--commit-interval-ms", "200", "--model-poll-s", "1"];
        process = WorkerProcess.Start(arguments);
    }

    /// <summary>The instance id (w1, w2, ...).</summary>
    public string Instance { get; }

    /// <summary>The current incarnation.</summary>
    public WorkerProcess Current => process;

    /// <summary>Incarnations started so far.</summary>
    public int Starts { get; private set; } = 1;

    /// <summary>The log (stderr) of the current incarnation, after the tail of the earlier ones.</summary>
    public string Log => earlier + process.Errors;

    /// <summary>SIGKILL, then a new incarnation.</summary>
    public void Kill9()
    {
        process.KillHard();
        Replace();
    }

    /// <summary>SIGSTOP for <paramref name="duration"/>, then SIGCONT.</summary>
    public void Pause(TimeSpan duration)
    {
        Signal("-STOP");
        try
        {
            Thread.Sleep(duration); // the fault's length, not a synchronisation
        }
        finally
        {
            Signal("-CONT");
        }
    }

    /// <summary>SIGTERM, a clean exit within <paramref name="timeout"/> (the exit code is returned), then a new incarnation.</summary>
    public int GracefulRestart(TimeSpan timeout)
    {
        process.Terminate();
        var exit = process.WaitForExit(timeout, $"{Instance} to stop on SIGTERM");
        Replace();
        return exit;
    }

    /// <summary>A new incarnation if the current one exited on its own; returns how it ended, or null when it is running.</summary>
    public string? RestartIfExited()
    {
        if (!process.HasExited)
        {
            return null;
        }

        var exit = process.WaitForExit(TimeSpan.FromSeconds(5), Instance);
        Replace();
        return string.Create(CultureInfo.InvariantCulture, $"{Instance} exited on its own with code {exit}");
    }

    /// <inheritdoc />
    public void Dispose() => process.Dispose();

    private void Replace()
    {
        earlier.Append(CultureInfo.InvariantCulture, $"--- {Instance} incarnation {Starts} ---\n").Append(process.Errors);
        if (earlier.Length > KeptLogChars)
        {
            earlier.Remove(0, earlier.Length - KeptLogChars);
        }

        process.Dispose();
        process = WorkerProcess.Start(arguments);
        Starts++;
    }

    private void Signal(string signal)
    {
        if (process.HasExited)
        {
            return;
        }

        using var kill = Process.Start("kill", [signal, process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
