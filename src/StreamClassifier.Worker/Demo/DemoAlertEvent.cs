namespace StreamClassifier.Worker.Demo;

/// <summary>An alert event as the demo saw it, with signal times relative to the record's first sample.</summary>
/// <param name="SensorId">Sensor id.</param>
/// <param name="Raised">True for a raise, false for a clear.</param>
/// <param name="Score">Score of the triggering window.</param>
/// <param name="WindowStartSeconds">Start of the triggering window, seconds into the record.</param>
/// <param name="WindowEndSeconds">End of the triggering window, seconds into the record.</param>
internal sealed record DemoAlertEvent(string SensorId, bool Raised, double Score, double WindowStartSeconds, double WindowEndSeconds);
