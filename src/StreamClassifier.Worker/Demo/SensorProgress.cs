namespace StreamClassifier.Worker.Demo;

/// <summary>One replayed record's progress through the worker, as the demo shows it.</summary>
/// <param name="SensorId">Sensor id (<c>ecg-&lt;record&gt;</c>).</param>
/// <param name="SamplesTotal">Samples the replay publishes for this sensor.</param>
/// <param name="SamplesProcessed">Samples whose records the pipeline completed.</param>
/// <param name="WindowsScored">Windows scored.</param>
/// <param name="AlertsRaised">Alerts raised.</param>
/// <param name="AlertsCleared">Alerts cleared.</param>
/// <param name="Alerting">True while the last alert event was a raise.</param>
/// <param name="LastScore">Score of the latest window, or NaN before the first.</param>
internal sealed record SensorProgress(string SensorId, long SamplesTotal, long SamplesProcessed, long WindowsScored, int AlertsRaised, int AlertsCleared, bool Alerting, double LastScore);
