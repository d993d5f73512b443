namespace StreamClassifier.Core.Recordings;

/// <summary>A sensor CSV file is missing or malformed; the message names the file, the line and the fix.</summary>
public sealed class SensorCsvException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SensorCsvException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SensorCsvException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public SensorCsvException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
