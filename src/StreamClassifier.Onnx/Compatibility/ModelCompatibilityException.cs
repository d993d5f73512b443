namespace StreamClassifier.Onnx.Compatibility;

/// <summary>The topology, the model card and the ONNX graph disagree about a model's input or output.</summary>
public sealed class ModelCompatibilityException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelCompatibilityException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ModelCompatibilityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ModelCompatibilityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
