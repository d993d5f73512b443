using System.Globalization;
using StreamClassifier.Core.Records;

namespace StreamClassifier.Kafka.Alerts;

/// <summary>Prints one line per alert.</summary>
/// <param name="output">Where to write (stdout by default).</param>
public sealed class ConsoleAlertSink(TextWriter? output = null) : IAlertSink
{
    private readonly TextWriter output = output ?? Console.Out;

    /// <inheritdoc />
    public void Write(AlertRecord alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ALERT {alert.State,-7} {alert.Sensor} score={alert.Score:0.000} threshold={alert.Threshold:0.000} window_end_ms={alert.WindowEndMs} model={alert.Model}/{alert.ModelVersion} id={alert.AlertId}"));
    }

    /// <inheritdoc />
    public void Flush() => output.Flush();

    /// <inheritdoc />
    public void Dispose() => output.Flush();
}
