using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Codecs;
using StreamClassifier.Kafka.Replay;

namespace StreamClassifier.Worker.Soak;

/// <summary>
/// The soak's load: publishes the sensors' records keyed by sensor id at a rate that can change while
/// it runs (records per second; 0 pauses; infinity publishes as fast as the producer can), on its own
/// thread. Counts what the broker acknowledged; the Kafka timestamp is the time of publishing, so the
/// worker's record latency includes the time a record waited in the topic.
/// </summary>
internal sealed class SoakProducer : IDisposable
{
    private readonly IProducer<byte[], byte[]> producer;
    private readonly SoakSensors sensors;
    private readonly string topic;
    private readonly RecordFormat format;
    private readonly Thread thread;
    private readonly CancellationTokenSource stop = new();
    private readonly byte[] contentType;
    private double rate;
    private long acknowledged;
    private long failed;
    private long sent;
    private long limit = long.MaxValue;
    private volatile string? lastError;

    /// <summary>Creates the producer (idempotent, acks=all, as the replay tool); publishing starts with <see cref="Start"/>.</summary>
    public SoakProducer(string bootstrap, string topic, RecordFormat format, SoakSensors sensors)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrap);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(sensors);
        this.topic = topic;
        this.format = format;
        this.sensors = sensors;
        contentType = Encoding.ASCII.GetBytes(RecordContentType.For(format));
        producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
            ClientId = "streamclassifier-soak",
        }).Build();
        thread = new Thread(Publish) { Name = "soak-producer", IsBackground = true };
    }

    /// <summary>Records the broker acknowledged.</summary>
    public long Acknowledged => Interlocked.Read(ref acknowledged);

    /// <summary>Records handed to the producer.</summary>
    public long Sent => Interlocked.Read(ref sent);

    /// <summary>Records the broker refused (after librdkafka's retries).</summary>
    public long Failed => Interlocked.Read(ref failed);

    /// <summary>The last delivery error, if any.</summary>
    public string? LastError => lastError;

    /// <summary>Records per second now.</summary>
    public double Rate
    {
        get => Volatile.Read(ref rate);
        set => Volatile.Write(ref rate, value);
    }

    /// <summary>Starts publishing at <see cref="Rate"/>.</summary>
    public void Start() => thread.Start();

    /// <summary>Publishes <paramref name="count"/> more records as fast as possible, then pauses; returns once they are handed over.</summary>
    public void Burst(long count, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref limit, Sent + count);
        Rate = double.PositiveInfinity;
        while (Sent < Interlocked.Read(ref limit) && thread.IsAlive && !cancellationToken.IsCancellationRequested)
        {
            Thread.Sleep(20);
        }

        Rate = 0;
        Interlocked.Exchange(ref limit, long.MaxValue);
    }

    /// <summary>Stops publishing and waits (bounded) until every record handed over is acknowledged or failed.</summary>
    public void StopAndFlush(TimeSpan bound)
    {
        stop.Cancel();
        thread.Join();
        producer.Flush(bound);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        stop.Cancel();
        if (thread.IsAlive)
        {
            thread.Join();
        }

        producer.Dispose();
        stop.Dispose();
    }

    private void Publish()
    {
        // Records are due at a cumulative schedule (credit), so a late wake-up catches up instead of losing rate.
        var clock = Stopwatch.StartNew();
        var credit = 0.0;
        var last = clock.Elapsed.TotalSeconds;
        while (!stop.IsCancellationRequested)
        {
            var now = clock.Elapsed.TotalSeconds;
            var current = Rate;
            credit = double.IsPositiveInfinity(current) ? 1000 : Math.Min(credit + ((now - last) * current), Math.Max(1, current)); // at most a second's worth after a pause
            last = now;
            while (credit >= 1 && !stop.IsCancellationRequested && Sent < Interlocked.Read(ref limit))
            {
                Produce(sensors.Next());
                credit--;
            }

            if (!double.IsPositiveInfinity(Rate) || Sent >= Interlocked.Read(ref limit))
            {
                stop.Token.WaitHandle.WaitOne(5); // pacing: the schedule, not this wait, sets the rate
            }
        }
    }

    private void Produce(Core.Records.SampleChunk chunk)
    {
        var message = new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(chunk.SensorId),
            Value = SensorRecordEncoder.Encode(chunk, format),
            Headers = new Headers { { RecordContentType.HeaderName, contentType } },
        };
        while (true)
        {
            try
            {
                producer.Produce(topic, message, OnDelivered);
                Interlocked.Increment(ref sent);
                return;
            }
            catch (ProduceException<byte[], byte[]> exception) when (exception.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(100));
            }
        }
    }

    private void OnDelivered(DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.Increment(ref failed);
            lastError = report.Error.Reason;
        }
        else
        {
            Interlocked.Increment(ref acknowledged);
        }
    }
}
