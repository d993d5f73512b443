using StreamClassifier.Core.Records;
using StreamClassifier.Pipeline.Events;

namespace StreamClassifier.Pipeline.Sensors;

/// <summary>Where a sensor's stage sends what it produces while reading a chunk.</summary>
internal interface ISensorSink
{
    /// <summary>Samples were dropped (already counted by the sensor).</summary>
    void Dropped(SampleDrop drop);

    /// <summary>A window completed (already counted by the sensor).</summary>
    void WindowCompleted(SensorState sensor, SensorWindow window);

    /// <summary>Filtered samples of a chunk (preprocess mode only).</summary>
    void Filtered(FilteredChunk chunk);
}
