using System.Globalization;
using System.Text;
using Confluent.Kafka;
using StreamClassifier.Core.Records;
using StreamClassifier.Kafka.Codecs;

namespace StreamClassifier.Kafka.DeadLetters;

/// <summary>
/// Publishes records that could not be decoded to the dead-letter topic: the original key and value
/// byte for byte, the original headers, and headers naming the error kind, the reason and the source
/// topic, partition and offset. The returned task completes when the broker acknowledged the dead
/// letter, so its source offset may be committed only then.
/// </summary>
public sealed class DeadLetterPublisher
{
    private readonly IProducer<byte[]?, byte[]?> producer;

    /// <summary>Creates a publisher on a shared producer (which the caller owns and flushes).</summary>
    /// <param name="producer">Producer (idempotent, acks=all recommended).</param>
    /// <param name="topic">Dead-letter topic.</param>
    public DeadLetterPublisher(IProducer<byte[]?, byte[]?> producer, string topic)
    {
        ArgumentNullException.ThrowIfNull(producer);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        this.producer = producer;
        Topic = topic;
    }

    /// <summary>The dead-letter topic.</summary>
    public string Topic { get; }

    /// <summary>Builds the dead-letter message for a record.</summary>
    /// <param name="key">Original key bytes (null stays null).</param>
    /// <param name="value">Original value bytes (null stays null).</param>
    /// <param name="originalHeaders">Original headers, kept in order.</param>
    /// <param name="source">Where the record was consumed.</param>
    /// <param name="error">Why it was rejected.</param>
    public static Message<byte[]?, byte[]?> CreateMessage(byte[]? key, byte[]? value, Headers? originalHeaders, SourcePosition source, DecodeError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var headers = new Headers();
        if (originalHeaders is not null)
        {
            foreach (var header in originalHeaders)
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        headers.Add(DeadLetterHeaders.ErrorKind, Encoding.UTF8.GetBytes(error.KindName));
        headers.Add(DeadLetterHeaders.ErrorReason, Encoding.UTF8.GetBytes(error.Reason));
        headers.Add(DeadLetterHeaders.SourceTopic, Encoding.UTF8.GetBytes(source.Topic));
        headers.Add(DeadLetterHeaders.SourcePartition, Encoding.UTF8.GetBytes(source.Partition.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.SourceOffset, Encoding.UTF8.GetBytes(source.Offset.ToString(CultureInfo.InvariantCulture)));
        return new Message<byte[]?, byte[]?> { Key = key, Value = value, Headers = headers };
    }

    /// <summary>Publishes a dead letter; <paramref name="onDelivered"/> runs on the producer's delivery thread once acknowledged (or failed).</summary>
    /// <param name="key">Original key bytes.</param>
    /// <param name="value">Original value bytes.</param>
    /// <param name="originalHeaders">Original headers.</param>
    /// <param name="source">Where the record was consumed.</param>
    /// <param name="error">Why it was rejected.</param>
    /// <param name="onDelivered">Delivery callback.</param>
    public void Publish(byte[]? key, byte[]? value, Headers? originalHeaders, SourcePosition source, DecodeError error, Action<DeliveryReport<byte[]?, byte[]?>> onDelivered) =>
        producer.Produce(Topic, CreateMessage(key, value, originalHeaders, source, error), onDelivered);

    /// <summary>Publishes a dead letter and completes when the broker acknowledged it.</summary>
    /// <param name="key">Original key bytes.</param>
    /// <param name="value">Original value bytes.</param>
    /// <param name="originalHeaders">Original headers.</param>
    /// <param name="source">Where the record was consumed.</param>
    /// <param name="error">Why it was rejected.</param>
    /// <param name="cancellationToken">Cancels the wait (not the send).</param>
    public Task<DeliveryResult<byte[]?, byte[]?>> PublishAsync(byte[]? key, byte[]? value, Headers? originalHeaders, SourcePosition source, DecodeError error, CancellationToken cancellationToken = default) =>
        producer.ProduceAsync(Topic, CreateMessage(key, value, originalHeaders, source, error), cancellationToken);
}
