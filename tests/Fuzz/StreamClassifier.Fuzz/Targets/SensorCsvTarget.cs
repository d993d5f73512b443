using StreamClassifier.Core.Recordings;

namespace StreamClassifier.Fuzz.Targets;

/// <summary>A sensor CSV recording; every sensor id is taken at 360 Hz except <c>unknown</c>, which no stream takes.</summary>
public sealed class SensorCsvTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "sensor-csv";

    /// <inheritdoc />
    public override bool Run(byte[] input)
    {
        var path = ScratchFiles.Write("recording.csv", input);
        try
        {
            foreach (var chunk in new SensorCsvReader(path, sensor => sensor == "unknown" ? null : 360.0, maxRowsPerChunk: 64).ReadChunks())
            {
                _ = chunk.SensorId;
            }

            return true;
        }
        catch (SensorCsvException)
        {
            return false;
        }
    }
}
