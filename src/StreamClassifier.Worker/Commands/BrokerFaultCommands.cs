using System.Globalization;
using Confluent.Kafka;
using StreamClassifier.Kafka.Embedded;

namespace StreamClassifier.Worker.Commands;

/// <summary>
/// Line commands that drive the embedded broker's fault injection from another process (the proof
/// and chaos tests): <c>down N</c>, <c>up N</c>, <c>rtt N MS</c>, <c>errors API COUNT ERROR_CODE</c>, <c>clear API</c>,
/// <c>leader TOPIC PARTITION N</c>, <c>coordinator group|transaction KEY N</c>.
/// Each command is answered with <c>ok: ...</c> or <c>error: ...</c> on stdout.
/// </summary>
internal static class BrokerFaultCommands
{
    public static void Serve(EmbeddedKafkaCluster cluster, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && input.ReadLine() is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length == 0)
            {
                continue;
            }

            try
            {
                switch (words[0])
                {
                    case "down":
                        cluster.SetBrokerDown(Number(words, 1));
                        break;
                    case "up":
                        cluster.SetBrokerUp(Number(words, 1));
                        break;
                    case "rtt":
                        cluster.SetBrokerRtt(Number(words, 1), TimeSpan.FromMilliseconds(Number(words, 2)));
                        break;
                    case "errors":
                        cluster.PushRequestErrors(Enum.Parse<KafkaApiKey>(words[1].Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true), [.. Enumerable.Repeat(Enum.Parse<ErrorCode>(words[3].Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true), Number(words, 2))]);
                        break;
                    case "clear":
                        cluster.ClearRequestErrors(Enum.Parse<KafkaApiKey>(words[1], ignoreCase: true));
                        break;
                    case "leader":
                        cluster.SetPartitionLeader(words[1], Number(words, 2), Number(words, 3));
                        break;
                    case "coordinator":
                        cluster.SetCoordinator(words[1] == "transaction", words[2], Number(words, 3));
                        break;
                    default:
                        throw new FormatException($"unknown command '{words[0]}' (down N | up N | rtt N MS | errors API COUNT CODE | clear API | leader TOPIC PARTITION N | coordinator group|transaction KEY N)");
                }

                output.WriteLine($"ok: {line}");
            }
            catch (Exception exception) when (exception is FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
            {
                output.WriteLine($"error: {line}: {exception.Message}");
            }

            output.Flush();
        }
    }

    private static int Number(string[] words, int index) => int.Parse(words[index], NumberStyles.Integer, CultureInfo.InvariantCulture);
}
