namespace StreamClassifier.Core.Recordings;

/// <summary>A WFDB header, signal file or annotation file is missing, malformed or fails its integrity checks.</summary>
public sealed class WfdbFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WfdbFormatException()
    {
    }

    /// <summary>Creates the exception with a message (which names the file and what is wrong).</summary>
    public WfdbFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public WfdbFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
