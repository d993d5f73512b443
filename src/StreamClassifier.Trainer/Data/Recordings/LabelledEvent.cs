namespace StreamClassifier.Trainer.Data.Recordings;

/// <summary>One row of the events file: a labelled time span of one sensor, <c>[StartMs, EndMs)</c>.</summary>
/// <param name="Sensor">Sensor id, as in the recordings.</param>
/// <param name="StartMs">Start, ms (the recordings' clock).</param>
/// <param name="EndMs">End, ms, exclusive.</param>
/// <param name="Label">The event's label.</param>
internal sealed record LabelledEvent(string Sensor, double StartMs, double EndMs, string Label);
