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
    public static BrokerProcess Start(int brokers = 1, int partitions = 4, params string[] topics) => Start(brokers, partitions, faults: false, topics);

    /// <summary>Starts a broker, optionally taking fault commands on stdin.</summary>
    public static BrokerProcess Start(int brokers, int partitions, bool faults, params string[] topics)
    {
        var arguments = new List<string> { "broker", "--brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture), "--partitions", partitions.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var topic in topics)
        {
            arguments.Add("--topic");
            arguments.Add(topic);
        }

        if (faults)
        {
            arguments.Add("--faults-from-stdin");
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

    /// <summary>Sends a fault command (see BrokerFaultCommands) and waits for its acknowledgement.</summary>
    public void Inject(string command)
    {
        int Answers() => Process.Output.Split('\n').Count(l => l.TrimEnd('\r') == "ok: " + command || l.StartsWith("error: " + command, StringComparison.Ordinal));
        var before = Answers();
        Process.Send(command);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Answers() == before)
        {
            if (DateTime.UtcNow > deadline || Process.HasExited)
            {
                throw new TimeoutException($"The broker did not answer '{command}' within 10 s.\n{Process.Output}\n{Process.Errors}");
            }

            Thread.Sleep(20);
        }

        var answer = Process.Output.Split('\n').Last(l => l.Contains(command, StringComparison.Ordinal));
        if (!answer.StartsWith("ok: ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(answer);
        }
    }

    /// <inheritdoc />
    public void Dispose() => Process.Dispose();
}
