namespace StreamClassifier.Kafka.Codecs;

/// <summary>A classified decode failure with a reason a person can act on.</summary>
/// <param name="Kind">The failure class (counted, and sent as a dead-letter header).</param>
/// <param name="Reason">What was wrong and where, e.g. <c>samples[3][1] is a string ("x"), expected a number</c>.</param>
public sealed record DecodeError(DecodeErrorKind Kind, string Reason)
{
    /// <summary>The snake_case wire name of <see cref="Kind"/>.</summary>
    public string KindName => DecodeErrors.WireName(Kind);

    /// <inheritdoc />
    public override string ToString() => $"{KindName}: {Reason}";
}

/// <summary>Names of decode error kinds on the wire and in metrics.</summary>
public static class DecodeErrors
{
    private static readonly string[] Names =
    [
        "malformed", "wrong_type", "missing_field", "non_finite", "empty", "too_large", "too_many_samples",
        "wrong_channel_count", "bad_timestamp", "bad_rate", "key_mismatch", "unsupported_format",
    ];

    /// <summary>All kinds in declaration order, for pre-registering counters.</summary>
    public static IReadOnlyList<DecodeErrorKind> All { get; } = Enum.GetValues<DecodeErrorKind>();

    /// <summary>The snake_case name of <paramref name="kind"/> (e.g. <c>non_finite</c>).</summary>
    public static string WireName(DecodeErrorKind kind) => Names[(int)kind];

    /// <summary>Parses a snake_case name back to its kind.</summary>
    public static bool TryParse(string name, out DecodeErrorKind kind)
    {
        var index = Array.IndexOf(Names, name);
        kind = (DecodeErrorKind)Math.Max(index, 0);
        return index >= 0;
    }
}
