using System.Globalization;
using System.Text;
using Confluent.Kafka;
using StreamClassifier.Core.Records;
using StreamClassifier.Kafka.Codecs;

namespace StreamClassifier.Kafka.DeadLetters;

/// <summary>
/// The dead letter of a record that could not be decoded: the original key and value byte for byte,
/// the original headers, and headers naming the error kind, the reason and the source topic,
/// partition and offset (<see cref="DeadLetterHeaders"/>).
/// </summary>
public static class DeadLetterMessage
{
    /// <summary>Builds the dead-letter message for a record.</summary>
    /// <param name="key">Original key bytes (null stays null).</param>
    /// <param name="value">Original value bytes (null stays null).</param>
    /// <param name="originalHeaders">Original headers, kept in order.</param>
    /// <param name="source">Where the record was consumed.</param>
    /// <param name="error">Why it was rejected.</param>
    public static Message<byte[]?, byte[]?> Create(byte[]? key, byte[]? value, Headers? originalHeaders, SourcePosition source, DecodeError error)
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
}
