using System.Globalization;
using Confluent.Kafka;

namespace StreamClassifier.Kafka.Tests.Support;

/// <summary>Produces malformed records to "sensors" on a background thread, one every few hundred ms, keyed like the good ones.</summary>
public sealed class PoisonTrickle : IDisposable
{
    private readonly Thread thread;
    private readonly CancellationTokenSource stop = new();
    private Exception? failure;

    /// <summary>Starts producing <paramref name="count"/> records, one per <paramref name="every"/>.</summary>
    public PoisonTrickle(string bootstrap, int count, TimeSpan every)
    {
        Count = count;
        thread = new Thread(() =>
        {
            try
            {
                using var producer = KafkaTestClients.Producer(bootstrap);
                for (var i = 0; i < count && !stop.IsCancellationRequested; i++)
                {
                    var key = string.Create(CultureInfo.InvariantCulture, $"ecg-{i % 8}");
                    producer.Produce("sensors", new Message<byte[]?, byte[]?> { Key = System.Text.Encoding.UTF8.GetBytes(key), Value = System.Text.Encoding.UTF8.GetBytes($"{{not json {i}") });
                    stop.Token.WaitHandle.WaitOne(every); // pacing, not synchronisation
                }

                if (producer.Flush(TimeSpan.FromSeconds(30)) != 0)
                {
                    throw new TimeoutException("bad records were not acknowledged within 30 s");
                }
            }
            catch (Exception exception) when (exception is KafkaException or TimeoutException)
            {
                failure = exception;
            }
        })
        { IsBackground = true, Name = "poison-trickle" };
        thread.Start();
    }

    /// <summary>Bad records to produce.</summary>
    public int Count { get; }

    /// <summary>Waits (bounded) until every bad record is acknowledged; throws if producing failed.</summary>
    public void WaitUntilSent(TimeSpan timeout)
    {
        if (!thread.Join(timeout))
        {
            throw new TimeoutException($"The {Count} bad records were not produced within {timeout.TotalSeconds:0} s.");
        }

        if (failure is not null)
        {
            throw new InvalidOperationException($"Producing bad records failed: {failure.Message}", failure);
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
