using Microsoft.Extensions.Logging;
using StreamClassifier.Kafka.Embedded;

namespace StreamClassifier.Kafka.Tests.Embedded;

/// <summary>The librdkafka handle hosting the embedded broker logs through the worker's logger, as every other client does.</summary>
public class EmbeddedBrokerLogTests
{
    [Fact]
    public void A_line_of_the_hosting_handle_arrives_as_a_librdkafka_log_event_with_level_facility_and_client()
    {
        // A producer handle with a consumer property logs a CONFWARN warning while it is created: a line
        // from librdkafka itself, through the callback the embedded broker's host handle uses.
        _ = Confluent.Kafka.Library.Version;
        NativeLibraryResolver.EnsureRegistered();
        var lines = new CapturingLogger();
        var errorText = new byte[512];
        var conf = MockClusterNative.ConfNew();
        Assert.Equal(MockClusterNative.ConfOk, MockClusterNative.ConfSet(conf, "client.id", "log-test", errorText, (UIntPtr)errorText.Length));
        Assert.Equal(MockClusterNative.ConfOk, MockClusterNative.ConfSet(conf, "group.id", "not-for-a-producer", errorText, (UIntPtr)errorText.Length));
        var log = EmbeddedBrokerLog.Attach(conf, lines);
        var handle = MockClusterNative.KafkaNew(MockClusterNative.ProducerType, conf, errorText, (UIntPtr)errorText.Length);
        Assert.NotEqual(IntPtr.Zero, handle);
        MockClusterNative.KafkaDestroy(handle);
        log.Free();

        var warning = Assert.Single(lines.Entries, e => e.Text.Contains("CONFWARN", StringComparison.Ordinal) && e.Text.Contains("group.id", StringComparison.Ordinal) && e.Level == LogLevel.Warning);
        Assert.Equal(KafkaLogEvents.Librdkafka, warning.EventId);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("log-test#producer-", warning.Text, StringComparison.Ordinal);
        Assert.Contains("group.id", warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_embedded_cluster_starts_and_stops_with_a_logger_attached()
    {
        var lines = new CapturingLogger();
        using (var cluster = EmbeddedKafkaCluster.Start(brokerCount: 1, lines))
        {
            cluster.CreateTopic("logged", 1);
        }

        Assert.All(lines.Entries, e => Assert.Equal(KafkaLogEvents.Librdkafka, e.EventId));
    }

    private sealed class CapturingLogger : ILogger
    {
        private readonly List<(int EventId, LogLevel Level, string Text)> entries = [];

        public List<(int EventId, LogLevel Level, string Text)> Entries
        {
            get
            {
                lock (entries)
                {
                    return [.. entries];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (entries)
            {
                entries.Add((eventId.Id, logLevel, formatter(state, exception)));
            }
        }
    }
}
