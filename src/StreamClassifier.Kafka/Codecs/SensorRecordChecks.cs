using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace StreamClassifier.Kafka.Codecs;

/// <summary>Checks shared by every record format: plausible time and rate.</summary>
internal static class SensorRecordChecks
{
    public static bool TryCheckHeader(double t0Ms, double rateHz, int rows, [NotNullWhen(false)] out DecodeError? error)
    {
        if (!double.IsFinite(rateHz) || rateHz <= 0 || rateHz > SensorRecordLimits.MaxRateHz)
        {
            error = new DecodeError(DecodeErrorKind.BadRate, string.Create(CultureInfo.InvariantCulture, $"rate_hz {rateHz} is not a sample rate; expected a number above 0 and at most {SensorRecordLimits.MaxRateHz:0} Hz"));
            return false;
        }

        var endMs = t0Ms + ((rows - 1) * 1000.0 / rateHz);
        if (!double.IsFinite(t0Ms) || t0Ms < SensorRecordLimits.MinTimestampMs || endMs > SensorRecordLimits.MaxTimestampMs)
        {
            error = new DecodeError(DecodeErrorKind.BadTimestamp, string.Create(CultureInfo.InvariantCulture, $"t0_ms {t0Ms} is not a plausible time: samples must lie between the Unix epoch (0) and 2100-01-01 ({SensorRecordLimits.MaxTimestampMs:0} ms); t0_ms is milliseconds since 1970-01-01T00:00:00Z"));
            return false;
        }

        error = null;
        return true;
    }
}
