using System.Text;
using StreamClassifier.Kafka.Codecs;

namespace StreamClassifier.Kafka.Tests.Support;

/// <summary>The poison list: each bad record value with the error kind it must be dead-lettered as.</summary>
public static class PoisonRecords
{
    /// <summary>(name, key, value, expected kind) for a sensor id; the sensor's stream reads one channel at 360 Hz unless said otherwise.</summary>
    public static IReadOnlyList<(string Name, byte[]? Value, DecodeErrorKind Kind)> For(string sensor, int maxRecordBytes, int maxSamples)
    {
        var huge = new StringBuilder($"{{\"sensor\":\"{sensor}\",\"t0_ms\":1764205200000,\"rate_hz\":360,\"samples\":[");
        for (var i = 0; i <= maxSamples; i++)
        {
            huge.Append(i == 0 ? "0.5" : ",0.5");
        }

        huge.Append("]}");
        var garbage = new byte[64];
        new Random(7).NextBytes(garbage);
        garbage[0] = 0xFF; // never a valid JSON start byte
        return
        [
            ("truncated JSON", Utf8($"{{\"sensor\":\"{sensor}\",\"t0_ms\":1764205200000,\"rate_hz\":360,\"samples\":[0.1,0.2"), DecodeErrorKind.Malformed),
            ("binary garbage", garbage, DecodeErrorKind.Malformed),
            ("trailing garbage", Utf8($"{{\"sensor\":\"{sensor}\",\"t0_ms\":0,\"rate_hz\":360,\"samples\":[0.1]}} extra"), DecodeErrorKind.Malformed),
            ("samples as a string", Utf8($"{{\"sensor\":\"{sensor}\",\"t0_ms\":1764205200000,\"rate_hz\":360,\"samples\":\"0.1,0.2\"}}"), DecodeErrorKind.WrongType),
            ("a string sample", Utf8($"{{\"sensor\":\"{sensor}\",\"t0_ms\":1764205200000,\"rate_hz\":360,\"samples\":[0.1,\"x\"]}}"), DecodeErrorKind.WrongType),
            ("t0 as a string", Utf8($"{{\"sensor\":\"{sensor}\",\"t0_ms\":\"yesterday\",\"rate_hz\":360,\"samples\":[0.1]}}"), DecodeErrorKind.WrongType),
            ("sensor as a number", Utf8("{\"sensor\":106,\"t0_ms\":1764205200000,\"rate_hz\":360,\"samples\":[0.1]}"), DecodeErrorKind.WrongType),
            ("NaN as a string", Utf8($"{{\"sensor\":\"{sensor}\",\"t0_ms\":1764205200000,\"rate_hz\":360,\"samples\":[0.1,\"NaN\"]}}"), DecodeErrorKind.NonFinite),
            ("Infinity as a string", Utf8($"{{\"sensor\":\"{sensor}\",\"t0_ms\":1764205200000,\"rate_hz\":360,\"samples\":[\"-Infinity\"]}}"), DecodeErrorKind.NonFinite),
            ("overflowing number", Utf8($"{{\"sensor\":\"{sensor}\",\"t0_ms\":1764205200000,\"rate_hz\":360,\"samples\":[0.1,1e999]}}"), DecodeErrorKind.NonFinite),
            ("empty value", [], DecodeErrorKind.Empty),
            ("null value", null, DecodeErrorKind.Empty),
            ("no samples", Utf8($"{{\"sensor\":\"{sensor}\",\"t0_ms\":1764205200000,\"rate_hz\":360,\"samples\":[]}}"), DecodeErrorKind.Empty),
            ("huge array", Utf8(huge.ToString()), DecodeErrorKind.TooManySamples),
            ("too many bytes", Utf8($"{{\"sensor\":\"{sensor}\",\"t0_ms\":1764205200000,\"rate_hz\":360,\"pad\":\"{new string('x', maxRecordBytes)}\",\"samples\":[0.1]}}"), DecodeErrorKind.TooLarge),
            ("ragged rows", Utf8($"{{\"sensor\":\"{sensor}\",\"t0_ms\":1764205200000,\"rate_hz\":360,\"samples\":[[0.1,0.2],[0.3]]}}"), DecodeErrorKind.WrongChannelCount),
            ("negative timestamp", Utf8($"{{\"sensor\":\"{sensor}\",\"t0_ms\":-5,\"rate_hz\":360,\"samples\":[0.1]}}"), DecodeErrorKind.BadTimestamp),
            ("year 33658", Utf8($"{{\"sensor\":\"{sensor}\",\"t0_ms\":1000000000000000,\"rate_hz\":360,\"samples\":[0.1]}}"), DecodeErrorKind.BadTimestamp),
            ("zero rate", Utf8($"{{\"sensor\":\"{sensor}\",\"t0_ms\":1764205200000,\"rate_hz\":0,\"samples\":[0.1]}}"), DecodeErrorKind.BadRate),
            ("missing t0", Utf8($"{{\"sensor\":\"{sensor}\",\"rate_hz\":360,\"samples\":[0.1]}}"), DecodeErrorKind.MissingField),
        ];
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
