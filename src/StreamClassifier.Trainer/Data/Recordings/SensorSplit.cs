using System.Globalization;

namespace StreamClassifier.Trainer.Data.Recordings;

/// <summary>The sensors of each part, decided before any window is looked at.</summary>
/// <param name="Train">Sensors that train.</param>
/// <param name="Validation">Sensors that validate (threshold calibration, early stopping).</param>
/// <param name="Test">Sensors held out for the card's metrics.</param>
/// <param name="Description">How the split was made, for the card.</param>
internal sealed record SensorSplit(IReadOnlyList<string> Train, IReadOnlyList<string> Validation, IReadOnlyList<string> Test, string Description)
{
    /// <summary>Splits <paramref name="sensors"/> as <paramref name="spec"/> says.</summary>
    /// <exception cref="DatasetFormatException">A listed sensor has no recording, or no sensor is left to train.</exception>
    public static SensorSplit Create(IReadOnlyCollection<string> sensors, SensorSplitSpec spec, int seed, string source)
    {
        ArgumentNullException.ThrowIfNull(sensors);
        ArgumentNullException.ThrowIfNull(spec);
        var ordered = sensors.Order(StringComparer.Ordinal).ToList();
        List<string> validation;
        List<string> test;
        string how;
        if (spec.IsExplicit)
        {
            foreach (var listed in spec.ValidationSensors.Concat(spec.TestSensors))
            {
                if (!sensors.Contains(listed))
                {
                    throw new DatasetFormatException($"{source}: split: sensor '{listed}' is listed but no recording has it (sensors: {string.Join(", ", ordered)}).");
                }
            }

            validation = [.. spec.ValidationSensors];
            test = [.. spec.TestSensors];
            how = "listed in the config";
        }
        else
        {
            var shuffled = new List<string>(ordered);
            new SeededRandom(seed).Shuffle(shuffled);
            var validationCount = Math.Max(1, (int)Math.Round(ordered.Count * spec.ValidationFraction));
            var testCount = (int)Math.Round(ordered.Count * spec.TestFraction);
            validation = shuffled.Take(validationCount).Order(StringComparer.Ordinal).ToList();
            test = shuffled.Skip(validationCount).Take(testCount).Order(StringComparer.Ordinal).ToList();
            how = string.Create(CultureInfo.InvariantCulture, $"drawn with seed {seed} (validation_fraction {spec.ValidationFraction:0.###}, test_fraction {spec.TestFraction:0.###} of the sensors)");
        }

        var train = ordered.Except(validation).Except(test).ToList();
        if (train.Count == 0)
        {
            throw new DatasetFormatException($"{source}: split: no sensor is left to train ({ordered.Count} sensor(s) in the recordings). List fewer validation/test sensors or record more sensors.");
        }

        var description = $"by sensor, {how}: train {string.Join(", ", train)}; validation {string.Join(", ", validation)}; test {(test.Count == 0 ? "none" : string.Join(", ", test))}. Every window of a sensor is in one part";
        return new SensorSplit(train, validation, test, description);
    }
}
