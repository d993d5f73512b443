namespace StreamClassifier.Trainer.Data.Recordings;

/// <summary>
/// Which sensors validate and which are held out as TEST; every other sensor trains. All windows of a
/// sensor go to one part, so neighbouring (overlapping) windows of one recording never sit on both
/// sides. Either list the sensors, or give fractions of the sensors to draw with the seed.
/// </summary>
internal sealed record SensorSplitSpec
{
    /// <summary>Sensors whose windows calibrate the threshold and stop training early.</summary>
    public IReadOnlyList<string> ValidationSensors { get; init; } = [];

    /// <summary>Sensors held out for the card's metrics (and for scoring afterwards).</summary>
    public IReadOnlyList<string> TestSensors { get; init; } = [];

    /// <summary>When no sensors are listed: fraction of the sensors (rounded, at least one) drawn for validation.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>When no sensors are listed: fraction of the sensors (rounded) drawn for TEST; 0 = no TEST.</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>True when the sensors are listed rather than drawn.</summary>
    public bool IsExplicit => ValidationSensors.Count > 0 || TestSensors.Count > 0;

    /// <summary>Checks the lists and fractions.</summary>
    /// <exception cref="DatasetFormatException">A value is impossible.</exception>
    public void Validate(string source)
    {
        if (IsExplicit)
        {
            if (ValidationSensors.Count == 0)
            {
                throw new DatasetFormatException($"{source}: split.validation_sensors: list at least one sensor; the threshold is calibrated on its windows.");
            }

            if (ValidationSensors.Intersect(TestSensors, StringComparer.Ordinal).FirstOrDefault() is { } both)
            {
                throw new DatasetFormatException($"{source}: split: sensor '{both}' is in both validation_sensors and test_sensors; a sensor belongs to one part.");
            }

            return;
        }

        if (!(ValidationFraction > 0) || !(TestFraction >= 0) || ValidationFraction + TestFraction >= 1)
        {
            throw new DatasetFormatException($"{source}: split: validation_fraction must be positive, test_fraction 0 or more, and together less than 1 (the rest of the sensors train).");
        }
    }
}
