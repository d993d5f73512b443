using StreamClassifier.Core.Records;

namespace StreamClassifier.Kafka.Alerts;

/// <summary>A local destination for alerts (console, file). Kafka alerts go through the worker's tracked producer instead, because commits wait for their acknowledgements.</summary>
public interface IAlertSink : IDisposable
{
    /// <summary>Writes one alert. Called serially (under the pipeline's gate), so implementations need no locking.</summary>
    void Write(AlertRecord alert);

    /// <summary>Makes everything written so far durable (called before offsets are committed).</summary>
    void Flush();
}
