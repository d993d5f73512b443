namespace StreamClassifier.Kafka.Tests.Support;

/// <summary><c>streamclassifier broker</c> in its own process; the broker the proof tests talk to.</summary>
public sealed class BrokerProcess : IDisposable
{
    private BrokerProcess(WorkerProcess process, string bootstrap)
    {
        Process = process;
        BootstrapServers = bootstrap;
    }

    /// <summary>The broker process.</summary>
    public WorkerProcess Process { get; }

    /// <summary>Its bootstrap address, as it printed it.</summary>
    public string BootstrapServers { get; }

    /// <summary>Starts a broker and waits (bounded) until it prints its address.</summary>
    public static BrokerProcess Start(int brokers = 1, int partitions = 4, params string[] topics)
    {
        var arguments = new List<string> { "broker", "--brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture), "--partitions", partitions.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var topic in topics)
        {
            arguments.Add("--topic");
            arguments.Add(topic);
        }

        var process = WorkerProcess.Start([.. arguments]);
        try
        {
            var line = process.WaitForLine(l => l.StartsWith("127.0.0.1:", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the broker's bootstrap address");
            return new BrokerProcess(process, line.Trim());
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Process.Dispose();
}
