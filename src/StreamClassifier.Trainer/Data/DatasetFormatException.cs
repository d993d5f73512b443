namespace StreamClassifier.Trainer.Data;

/// <summary>A dataset file or configuration is missing or malformed; the message names the file (and line) and how to fix it.</summary>
internal sealed class DatasetFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DatasetFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DatasetFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public DatasetFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
