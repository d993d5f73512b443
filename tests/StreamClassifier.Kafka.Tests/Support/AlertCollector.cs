using Confluent.Kafka;
using StreamClassifier.Kafka.Alerts;

namespace StreamClassifier.Kafka.Tests.Support;

/// <summary>Reads the alerts topic continuously on a background thread (all records, duplicates included).</summary>
public sealed class AlertCollector : IDisposable
{
    private readonly List<string> ids = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Thread thread;

    /// <summary>Starts reading from the beginning.</summary>
    public AlertCollector(string bootstrap, bool readCommitted = false)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "alert-collector-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            IsolationLevel = readCommitted ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted,
        };
        thread = new Thread(() =>
        {
            using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
            consumer.Subscribe("alerts");
            while (!stop.IsCancellationRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result is { IsPartitionEOF: false, Message.Value: { } value })
                {
                    lock (ids)
                    {
                        ids.Add(AlertJson.Deserialize(value).AlertId);
                        Monitor.PulseAll(ids);
                    }
                }
            }

            consumer.Close();
        })
        { IsBackground = true, Name = "alert-collector" };
        thread.Start();
    }

    /// <summary>Every alert id read so far.</summary>
    public List<string> Ids
    {
        get
        {
            lock (ids)
            {
                return [.. ids];
            }
        }
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds for the ids read; throws with <paramref name="what"/> otherwise.</summary>
    public void WaitUntil(Func<List<string>, bool> condition, TimeSpan timeout, string what, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (ids)
        {
            while (!condition(ids))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException($"Waiting for {what}: not within {timeout.TotalSeconds:0} s ({ids.Count} alerts read, {ids.Distinct().Count()} distinct).\n{diagnostics?.Invoke()}");
                }

                Monitor.Wait(ids, left);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        stop.Cancel();
        thread.Join(TimeSpan.FromSeconds(10));
        stop.Dispose();
    }
}
