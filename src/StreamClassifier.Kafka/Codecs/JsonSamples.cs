namespace StreamClassifier.Kafka.Codecs;

/// <summary>
/// The <c>samples</c> of a JSON sensor record as <see cref="JsonSampleArrayReader"/> parses them:
/// row-major values in a per-thread buffer (only the first <see cref="Count"/> belong to this record),
/// the channel count, and the first non-finite value (reported after the header checks).
/// </summary>
internal struct JsonSamples
{
    /// <summary>The buffer holding the values; reused record after record.</summary>
    public double[] Values;

    /// <summary>Values parsed so far (rows × channels once complete).</summary>
    public int Count;

    /// <summary>Values per row: the first row's width, or 1 for the flat single-channel form.</summary>
    public int Channels;

    /// <summary>The first value that is not a finite double, if any.</summary>
    public DecodeError? NonFinite;
}
