namespace StreamClassifier.Dsp.Filters;

/// <summary>
/// A filter specification that cannot be designed. The message names the offending value, the
/// valid range and how to fix it; <see cref="Key"/> is the topology key at fault (for example
/// <c>cutoff_hz</c>), so a topology loader can prefix its own key path.
/// </summary>
public sealed class InvalidFilterSpecException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public InvalidFilterSpecException()
    {
        Key = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidFilterSpecException(string message)
        : base(message)
    {
        Key = string.Empty;
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public InvalidFilterSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
        Key = string.Empty;
    }

    /// <summary>Creates the exception for a topology key.</summary>
    public InvalidFilterSpecException(string key, string message)
        : base(message)
    {
        Key = key;
    }

    /// <summary>The topology key whose value is wrong (<c>cutoff_hz</c>, <c>low_hz</c>, <c>high_hz</c>, <c>freq_hz</c>, <c>q</c>, <c>order</c>, <c>type</c>, <c>sample_rate_hz</c>), or empty.</summary>
    public string Key { get; }
}
