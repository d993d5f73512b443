namespace StreamClassifier.Core.Ecg;

/// <summary>One reference beat: its annotation sample and AAMI class.</summary>
/// <param name="SampleIndex">Annotation sample (from the record's first sample).</param>
/// <param name="Class">AAMI class of the annotation.</param>
public sealed record ClassifiedBeat(long SampleIndex, AamiClass Class)
{
    /// <summary>The AAMI-classified beats among <paramref name="annotations"/>, in time order.</summary>
    public static IReadOnlyList<ClassifiedBeat> From(IEnumerable<Recordings.BeatAnnotation> annotations)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        return [.. annotations
            .Select(a => (a.SampleIndex, Class: AamiClasses.Of(a.Symbol)))
            .Where(a => a.Class is not null)
            .Select(a => new ClassifiedBeat(a.SampleIndex, a.Class!.Value))
            .OrderBy(b => b.SampleIndex)];
    }
}
