namespace StreamClassifier.Trainer.Data.Fetch;

/// <summary>
/// A dataset could not be fetched (unreachable source, checksum mismatch, truncated file, bad option).
/// The message names the file, what was expected and what to do; <see cref="ExitCode"/> is 1 for a
/// failed transfer and 2 for a request that cannot work as given.
/// </summary>
internal sealed class FetchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FetchException(string message, int exitCode = 1)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>Creates the exception (exit code 1).</summary>
    public FetchException()
        : this("The dataset could not be fetched.")
    {
    }

    /// <summary>Creates the exception (exit code 1) around its cause.</summary>
    public FetchException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = 1;
    }

    /// <summary>The command's exit code: 1 a failed transfer, 2 a request that cannot work as given.</summary>
    public int ExitCode { get; }
}
