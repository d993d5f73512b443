namespace StreamClassifier.Onnx.Inspection;

/// <summary>A model file is missing, is not ONNX, or has a shape StreamClassifier cannot score.</summary>
public sealed class InvalidModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidModelException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidModelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public InvalidModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
