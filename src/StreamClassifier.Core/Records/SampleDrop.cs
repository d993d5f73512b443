namespace StreamClassifier.Core.Records;

/// <summary>Samples that were not scored, with the reason. Routed to an observable and counted, never silently lost.</summary>
/// <param name="SensorId">Sensor id.</param>
/// <param name="Reason">Why they were dropped.</param>
/// <param name="SampleCount">How many samples (rows).</param>
/// <param name="Detail">Human-readable detail, e.g. the offending timestamps.</param>
/// <param name="Source">The record they came from, if known.</param>
public sealed record SampleDrop(string SensorId, DropReason Reason, int SampleCount, string Detail, SourcePosition? Source = null);
