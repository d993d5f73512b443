namespace StreamClassifier.Worker.Bench;

/// <summary>A bench could not measure (the broker lost records, a worker run did not complete); the message says why.</summary>
internal sealed class BenchFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BenchFailedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BenchFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public BenchFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
