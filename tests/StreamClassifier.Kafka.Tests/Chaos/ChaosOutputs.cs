using System.Text;
using Confluent.Kafka;
using StreamClassifier.Core.Records;
using StreamClassifier.Kafka.Alerts;
using StreamClassifier.Kafka.DeadLetters;

namespace StreamClassifier.Kafka.Tests.Chaos;

/// <summary>
/// Reads the alerts and dead-letter topics from the beginning on a background thread, as a downstream
/// consumer would (read_committed in exactly-once runs): every record, duplicates included.
/// </summary>
public sealed class ChaosOutputs : IDisposable
{
    private readonly object gate = new();
    private readonly List<AlertRecord> alerts = [];
    private readonly List<string> deadLetters = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Thread thread;

    /// <summary>Starts reading.</summary>
    public ChaosOutputs(string bootstrap, bool readCommitted)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "chaos-outputs-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            IsolationLevel = readCommitted ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted,
        };
        thread = new Thread(() => Read(config)) { IsBackground = true, Name = "chaos-outputs" };
        thread.Start();
    }

    /// <summary>Every alert read so far.</summary>
    public List<AlertRecord> Alerts
    {
        get
        {
            lock (gate)
            {
                return [.. alerts];
            }
        }
    }

    /// <summary>Every dead letter read so far, as the source record it names: <c>partition@offset</c>.</summary>
    public List<string> DeadLetters
    {
        get
        {
            lock (gate)
            {
                return [.. deadLetters];
            }
        }
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds for (alerts, dead letters); false on timeout.</summary>
    public bool WaitUntil(Func<List<AlertRecord>, List<string>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (gate)
        {
            while (!condition(alerts, deadLetters))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }

                Monitor.Wait(gate, left);
            }
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        stop.Cancel();
        thread.Join(TimeSpan.FromSeconds(10));
        stop.Dispose();
    }

    private void Read(ConsumerConfig config)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        // Assigned, not subscribed: group faults (rebalances, coordinator moves) are the workers' to ride out, not the reader's.
        consumer.Assign(new[] { "alerts", "dlq" }.SelectMany(topic => Enumerable.Range(0, ChaosSchedule.Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning))));
        while (!stop.IsCancellationRequested)
        {
            ConsumeResult<byte[]?, byte[]?>? result;
            try
            {
                result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            }
            catch (ConsumeException)
            {
                continue; // injected fetch errors reach this reader too; it retries like any consumer
            }

            if (result is not { IsPartitionEOF: false, Message: not null })
            {
                continue;
            }

            lock (gate)
            {
                if (result.Topic == "alerts" && result.Message.Value is { } value)
                {
                    alerts.Add(AlertJson.Deserialize(value));
                }
                else if (result.Topic == "dlq")
                {
                    var headers = result.Message.Headers;
                    deadLetters.Add($"{Encoding.UTF8.GetString(headers.GetLastBytes(DeadLetterHeaders.SourcePartition))}@{Encoding.UTF8.GetString(headers.GetLastBytes(DeadLetterHeaders.SourceOffset))}");
                }

                Monitor.PulseAll(gate);
            }
        }

        consumer.Close();
    }
}
