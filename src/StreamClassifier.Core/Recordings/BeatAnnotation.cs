namespace StreamClassifier.Core.Recordings;

/// <summary>
/// One annotation from a WFDB annotation file (beat or non-beat, e.g. rhythm changes <c>+</c> or noise <c>~</c>).
/// Use <see cref="IsBeat"/> to keep only beats.
/// </summary>
/// <param name="SampleIndex">Sample (row) the annotation refers to.</param>
/// <param name="Symbol">The WFDB mnemonic, e.g. <c>N</c>, <c>V</c>, <c>+</c>.</param>
/// <param name="Code">The WFDB annotation code (1 = N, 5 = V, ...).</param>
public sealed record BeatAnnotation(long SampleIndex, char Symbol, int Code)
{
    /// <summary>Annotation subtype (WFDB <c>subtyp</c>, set by a SUB word).</summary>
    public int Subtype { get; init; }

    /// <summary>Signal number (WFDB <c>chan</c>, set by a CHN word; persists to later annotations).</summary>
    public int Channel { get; init; }

    /// <summary>Annotator number field (WFDB <c>num</c>, set by a NUM word; persists to later annotations).</summary>
    public int Number { get; init; }

    /// <summary>Auxiliary text (e.g. the rhythm <c>(VT</c> on a <c>+</c> annotation), or null.</summary>
    public string? Aux { get; init; }

    /// <summary>True for QRS (beat) annotations, as WFDB's <c>isqrs</c>.</summary>
    public bool IsBeat => BeatSymbols.IsBeatCode(Code);
}
