using System.Globalization;
using System.Text;
using StreamClassifier.Core.Records;

namespace StreamClassifier.Kafka.Alerts;

/// <summary>
/// Prints one line per alert: a line for people, or with <paramref name="json"/> the alert's JSON wire
/// form (<see cref="AlertJson"/>), so that with <c>--log-format json</c> every line the process
/// prints is a JSON object.
/// </summary>
/// <param name="output">Where to write (stdout by default).</param>
/// <param name="json">Print the JSON wire form instead of the readable line.</param>
public sealed class ConsoleAlertSink(TextWriter? output = null, bool json = false) : IAlertSink
{
    private readonly TextWriter output = output ?? Console.Out;

    /// <inheritdoc />
    public void Write(AlertRecord alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        output.WriteLine(json
            ? Encoding.UTF8.GetString(AlertJson.Serialize(alert))
            : string.Create(CultureInfo.InvariantCulture, $"ALERT {alert.State,-7} {alert.Sensor} score={alert.Score:0.000} threshold={alert.Threshold:0.000} window_end_ms={alert.WindowEndMs} model={alert.Model}/{alert.ModelVersion} id={alert.AlertId}"));
    }

    /// <inheritdoc />
    public void Flush() => output.Flush();

    /// <inheritdoc />
    public void Dispose() => output.Flush();
}
