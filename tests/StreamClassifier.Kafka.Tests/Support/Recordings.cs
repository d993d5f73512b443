using System.Globalization;
using System.Text;

namespace StreamClassifier.Kafka.Tests.Support;

/// <summary>Synthetic recordings in the CSV form replay reads.</summary>
public static class Recordings
{
    /// <summary>Interleaved sensors of one channel: a sine with bursts, deterministic.</summary>
    public static string Csv(IReadOnlyList<string> sensors, int samplesPerSensor, double rateHz, double startMs = 1764205200000)
    {
        var text = new StringBuilder("sensor,t_ms,ch0\n");
        for (var i = 0; i < samplesPerSensor; i++)
        {
            for (var s = 0; s < sensors.Count; s++)
            {
                var time = startMs + (i * 1000.0 / rateHz);
                var burst = (i / 40 % 5 == s % 5) ? 3.0 : 0.0;
                var value = Math.Sin((i + (7 * s)) * 0.3) + burst;
                text.Append(sensors[s]).Append(',').Append(time.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return text.ToString();
    }
}
