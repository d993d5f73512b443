namespace StreamClassifier.Pipeline.Batching;

/// <summary>Scoring a batch failed (the scorer threw, or returned something that is not a probability).</summary>
public sealed class PipelineScoringException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PipelineScoringException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PipelineScoringException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public PipelineScoringException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
