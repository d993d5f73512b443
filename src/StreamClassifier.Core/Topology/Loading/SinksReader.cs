using YamlDotNet.RepresentationModel;

namespace StreamClassifier.Core.Topology.Loading;

/// <summary>Reads <c>sinks</c> (alerts to Kafka, console, JSONL; dead letters) and checks that every topic has one role.</summary>
internal static class SinksReader
{
    public static SinksSpec? Read(LoadContext context, MappingReader root)
    {
        var node = root.Get("sinks");
        if (node is null)
        {
            return new SinksSpec();
        }

        var sinks = MappingReader.Open(context, node, "sinks", "sinks");
        if (sinks is null)
        {
            return null;
        }

        string? alertsTopic = null, jsonl = null, deadLetterTopic = null;
        var console = false;
        var valid = true;
        if (sinks.Get("alerts") is YamlNode alertsNode)
        {
            var alerts = MappingReader.Open(context, alertsNode, "sinks.alerts", "sinks.alerts");
            valid &= alerts is not null;
            if (alerts is not null)
            {
                alertsTopic = ReadSinkTopic(context, alerts, "sinks.alerts.kafka", ref valid);
                console = alerts.Bool("console", "print alerts on standard output") ?? false;
                jsonl = alerts.String("jsonl", required: false, "a file path for alert lines (relative to the topology's base directory)");
            }
        }

        if (sinks.Get("dead_letter") is YamlNode deadLetterNode)
        {
            var deadLetter = MappingReader.Open(context, deadLetterNode, "sinks.dead_letter", "sinks.dead_letter");
            valid &= deadLetter is not null;
            if (deadLetter is not null)
            {
                deadLetterTopic = ReadSinkTopic(context, deadLetter, "sinks.dead_letter.kafka", ref valid);
            }
        }

        return valid ? new SinksSpec { AlertsTopic = alertsTopic, Console = console, Jsonl = jsonl, DeadLetterTopic = deadLetterTopic } : null;
    }

    private static string? ReadSinkTopic(LoadContext context, MappingReader sink, string schemaKey, ref bool valid)
    {
        if (sink.Get("kafka") is not YamlNode kafkaNode)
        {
            return null;
        }

        var kafka = MappingReader.Open(context, kafkaNode, schemaKey, schemaKey);
        var topic = kafka is null ? null : KafkaSourceReader.ReadTopic(kafka, "topic", required: true);
        valid &= topic is not null;
        return topic;
    }


    public static void CheckTopicRoles(LoadContext context, MappingReader root, SourceSpec? source, SinksSpec? sinks)
    {
        if (source is null || sinks is null)
        {
            return;
        }

        var topics = new List<(string Path, string Topic)> { ("source.kafka.topic", source.Kafka.Topic) };
        if (sinks.AlertsTopic is not null)
        {
            topics.Add(("sinks.alerts.kafka.topic", sinks.AlertsTopic));
        }

        if (sinks.DeadLetterTopic is not null)
        {
            topics.Add(("sinks.dead_letter.kafka.topic", sinks.DeadLetterTopic));
        }

        topics.Add((source.Kafka.CheckpointTopic is null ? "source.kafka.checkpoint_topic (default <group>.checkpoints)" : "source.kafka.checkpoint_topic", source.Kafka.EffectiveCheckpointTopic));
        for (var later = 1; later < topics.Count; later++)
        {
            for (var earlier = 0; earlier < later; earlier++)
            {
                if (string.Equals(topics[earlier].Topic, topics[later].Topic, StringComparison.Ordinal))
                {
                    context.Error(root.Node, topics[later].Path, $"topic '{topics[later].Topic}' is also {topics[earlier].Path}; each role needs its own topic (a shared one would feed the worker its own output)");
                }
            }
        }
    }
}
