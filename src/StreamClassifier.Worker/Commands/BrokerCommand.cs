using System.CommandLine;
using StreamClassifier.Kafka.Embedded;

namespace StreamClassifier.Worker.Commands;

/// <summary><c>streamclassifier broker</c>: a Kafka-protocol broker (librdkafka's mock cluster) in its own process.</summary>
internal static class BrokerCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var brokers = new Option<int>("--brokers") { Description = "Number of brokers (ids 1..N).", DefaultValueFactory = _ => 3 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of each topic named with --topic.", DefaultValueFactory = _ => 4 };
        var topics = new Option<string[]>("--topic") { Description = "Topic to create (repeatable). Others are auto-created with 4 partitions on first use.", AllowMultipleArgumentsPerToken = true };
        var faults = new Option<bool>("--faults-from-stdin") { Description = "Read fault-injection commands from stdin (down N, up N, rtt N MS, errors API COUNT CODE, clear API, leader TOPIC PARTITION N, coordinator group|transaction KEY N); for tests." };
        var bootstrapFile = new Option<FileInfo?>("--bootstrap-file") { Description = "Also write the bootstrap address to this file (written atomically, once the brokers listen)." };

        var command = new Command("broker", "Run an in-memory Kafka-protocol cluster on 127.0.0.1 until SIGTERM or Ctrl-C; prints the bootstrap address.")
        {
            brokers, partitions, topics, bootstrapFile, faults,
        };
        command.SetAction(parse =>
        {
            var brokerCount = parse.GetValue(brokers);
            var partitionCount = parse.GetValue(partitions);
            if (brokerCount is < 1 or > 16)
            {
                Console.Error.WriteLine($"error: broker: --brokers must be between 1 and 16, got {brokerCount}.");
                return 2;
            }

            if (partitionCount < 1)
            {
                Console.Error.WriteLine($"error: broker: --partitions must be at least 1, got {partitionCount}.");
                return 2;
            }

            using var shutdown = new ShutdownSignal();
            // The brokers' log goes to stderr in the run command's format; stdout carries the address and fault answers.
            using var loggers = Hosting.WorkerHost.CreatePreHostLoggerFactory();
            using var cluster = EmbeddedKafkaCluster.Start(brokerCount, loggers.CreateLogger(Hosting.StreamWorkerService.KafkaLogCategory));
            foreach (var topic in parse.GetValue(topics) ?? [])
            {
                cluster.CreateTopic(topic, partitionCount, replicationFactor: Math.Min(3, brokerCount));
            }

            if (parse.GetValue(bootstrapFile) is { } file)
            {
                // Write then rename, so a watcher never reads a half-written address.
                var temporary = file.FullName + ".tmp";
                File.WriteAllText(temporary, cluster.BootstrapServers + Environment.NewLine);
                File.Move(temporary, file.FullName, overwrite: true);
            }

            Console.Out.WriteLine(cluster.BootstrapServers);
            Console.Out.Flush();
            if (parse.GetValue(faults))
            {
                var commands = new Thread(() => BrokerFaultCommands.Serve(cluster, Console.In, Console.Out, shutdown.Token)) { IsBackground = true, Name = "broker-faults" };
                commands.Start();
            }

            shutdown.Token.WaitHandle.WaitOne();
            Console.Error.WriteLine("broker: stopping.");
            return 0;
        });
        return command;
    }
}
