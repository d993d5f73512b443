using System.Globalization;
using System.Text;

namespace StreamClassifier.Kafka.Checkpoints;

/// <summary>
/// The value of an <c>alerts/&lt;topic&gt;/&lt;p&gt;</c> or <c>dead_letters/&lt;topic&gt;/&lt;p&gt;</c> checkpoint
/// record (exactly-once mode): per partition of the output topic, the offset from which outputs of
/// the source partition that its checkpoint does not cover can lie. Text <c>0=1200,1=977</c>
/// (output partition = offset), so it reads well in kafka-console-consumer.
/// </summary>
public static class OutputWatermark
{
    /// <summary>Encodes a watermark.</summary>
    public static byte[] ToBytes(IReadOnlyDictionary<int, long> offsets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        return Encoding.UTF8.GetBytes(string.Join(",", offsets.OrderBy(kv => kv.Key).Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value}"))));
    }

    /// <summary>Decodes a watermark; false if the bytes are not one.</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out IReadOnlyDictionary<int, long> offsets)
    {
        var parsed = new Dictionary<int, long>();
        offsets = parsed;
        var text = Encoding.UTF8.GetString(value);
        if (text.Length == 0)
        {
            return true;
        }

        foreach (var pair in text.Split(','))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0
                || !int.TryParse(pair.AsSpan(0, equals), NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
                || !long.TryParse(pair.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return false;
            }

            parsed[partition] = offset;
        }

        return true;
    }
}
