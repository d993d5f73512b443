using System.Diagnostics;
using System.Globalization;

namespace StreamClassifier.Worker.Bench;

/// <summary>
/// The broker a Kafka bench runs against: a <c>streamclassifier broker</c> child process (so its CPU
/// is not the worker's), or an existing one given by <c>--bootstrap</c>. Disposing ends the child.
/// </summary>
internal sealed class KafkaBenchBroker : IDisposable
{
    private readonly Process? child;

    private KafkaBenchBroker(Process? child, string bootstrap)
    {
        this.child = child;
        Bootstrap = bootstrap;
    }

    /// <summary>The broker's bootstrap address.</summary>
    public string Bootstrap { get; }

    /// <summary>CPU time the child broker used so far; null for an existing broker.</summary>
    public TimeSpan? Cpu => child?.TotalProcessorTime;

    /// <summary>Uses <paramref name="bootstrap"/>, or starts a one-broker child with <paramref name="partitions"/> partitions per topic and <paramref name="topics"/> created.</summary>
    public static KafkaBenchBroker Start(string? bootstrap, int partitions, IEnumerable<string> topics)
    {
        if (bootstrap is not null)
        {
            return new KafkaBenchBroker(null, bootstrap);
        }

        var self = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(KafkaBenchBroker).Assembly.Location);
        }

        foreach (var argument in new[] { "broker", "--brokers", "1", "--partitions", partitions.ToString(CultureInfo.InvariantCulture) }.Concat(topics.SelectMany(t => new[] { "--topic", t })))
        {
            info.ArgumentList.Add(argument);
        }

        var broker = Process.Start(info) ?? throw new InvalidOperationException("Could not start the broker process.");
        var line = broker.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        if (line is null || !line.StartsWith("127.0.0.1:", StringComparison.Ordinal))
        {
            broker.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The broker process did not print its address: {line} {broker.StandardError.ReadToEnd()}");
        }

        return new KafkaBenchBroker(broker, line.Trim());
    }

    /// <summary>/proc/loadavg (1, 5, 15 min), or "n/a" where there is none.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    /// <summary>Ends the child broker, if one was started.</summary>
    public void Dispose()
    {
        if (child is { HasExited: false })
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }

        child?.Dispose();
    }
}
