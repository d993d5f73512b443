namespace StreamClassifier.Core.Records;

/// <summary>Why samples were dropped instead of scored. Every drop is counted with its reason.</summary>
public enum DropReason
{
    /// <summary>Timestamp before the sensor's last accepted sample.</summary>
    Late,

    /// <summary>Timestamp equal to the sensor's last accepted sample.</summary>
    Duplicate,

    /// <summary>No stream rule in the topology matches the sensor id.</summary>
    UnknownSensor,

    /// <summary>Samples left in a partial window when the sensor was evicted or reset.</summary>
    PartialWindow,

    /// <summary>The chunk does not fit its stream rule (sample rate, channel count or shape), so none of its samples can be used.</summary>
    Incompatible,
}
