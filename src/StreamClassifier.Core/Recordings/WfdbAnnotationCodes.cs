namespace StreamClassifier.Core.Recordings;

/// <summary>
/// The pseudo-annotation codes of WFDB's MIT annotation format, shared by its reader and writer: a word's
/// code is its top 6 bits; these five carry data instead of marking a beat.
/// </summary>
internal static class WfdbAnnotationCodes
{
    /// <summary>A 32-bit time increment follows (high 16-bit word first).</summary>
    public const int Skip = 59;

    /// <summary>Sets the annotation number of the annotation before it.</summary>
    public const int Num = 60;

    /// <summary>Sets the subtype of the annotation before it.</summary>
    public const int Sub = 61;

    /// <summary>Sets the channel of the annotation before it.</summary>
    public const int Chn = 62;

    /// <summary>Attaches (word &amp; 0x3FF) bytes of text, padded to an even length.</summary>
    public const int Aux = 63;
}
