namespace StreamClassifier.Kafka.Codecs;

/// <summary>Why a sensor record could not become a sample chunk. Dead letters carry it as <see cref="DecodeErrors.WireName"/>.</summary>
public enum DecodeErrorKind
{
    /// <summary>Not parseable in the record's format (truncated JSON, binary garbage, invalid Protobuf).</summary>
    Malformed,

    /// <summary>A field has the wrong JSON type (e.g. a string where a number belongs).</summary>
    WrongType,

    /// <summary>A required field is absent.</summary>
    MissingField,

    /// <summary>A sample is NaN or ±Infinity (or a number too large for a double).</summary>
    NonFinite,

    /// <summary>The value is empty (null, zero bytes, or no samples).</summary>
    Empty,

    /// <summary>The value is larger than the configured maximum record bytes.</summary>
    TooLarge,

    /// <summary>More samples (rows) than the configured maximum per record.</summary>
    TooManySamples,

    /// <summary>Rows of different lengths, zero channels, or fewer channels than the sensor's stream rule reads.</summary>
    WrongChannelCount,

    /// <summary>t0_ms is not a plausible epoch time (negative, beyond year 2100, or not finite).</summary>
    BadTimestamp,

    /// <summary>rate_hz is not a positive finite rate, or differs from the stream rule's rate.</summary>
    BadRate,

    /// <summary>The record key is not the sensor id the record names (partitioning would split the sensor's state).</summary>
    KeyMismatch,

    /// <summary>The <c>content-type</c> header names a format this worker does not read.</summary>
    UnsupportedFormat,
}
