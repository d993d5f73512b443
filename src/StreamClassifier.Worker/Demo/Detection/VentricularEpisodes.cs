using StreamClassifier.Core.Recordings;

namespace StreamClassifier.Worker.Demo.Detection;

/// <summary>
/// Groups a record's reference annotations into ventricular-beat episodes: V beats (the symbol the
/// demo model was trained on, docs/trainer-cli.md) closer than a gap to the previous V beat belong to
/// the same episode. An isolated PVC is an episode of one beat; bigeminy is one long episode.
/// </summary>
internal static class VentricularEpisodes
{
    /// <summary>Default largest gap between consecutive V beats of one episode (docs/demo.md).</summary>
    public const double DefaultMaxGapSeconds = 5.0;

    /// <summary>Finds the episodes among <paramref name="annotations"/> (in time order).</summary>
    /// <param name="annotations">The record's annotations (beats and non-beats; only V beats count).</param>
    /// <param name="sampleRateHz">The record's sample rate.</param>
    /// <param name="maxGapSeconds">V beats at most this far apart are grouped.</param>
    /// <param name="sampleLimit">Only beats before this sample count (the part of the record that was processed); null for all.</param>
    public static IReadOnlyList<VentricularEpisode> Find(IReadOnlyList<BeatAnnotation> annotations, double sampleRateHz, double maxGapSeconds = DefaultMaxGapSeconds, long? sampleLimit = null)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRateHz);
        ArgumentOutOfRangeException.ThrowIfNegative(maxGapSeconds);
        var beats = annotations
            .Where(annotation => annotation.Code == BeatSymbols.Pvc && (sampleLimit is null || annotation.SampleIndex < sampleLimit))
            .Select(annotation => annotation.SampleIndex / sampleRateHz)
            .Order()
            .ToList();
        var episodes = new List<VentricularEpisode>();
        var index = 0;
        while (index < beats.Count)
        {
            var first = beats[index];
            var last = first;
            var count = 1;
            while (index + count < beats.Count && beats[index + count] - last <= maxGapSeconds)
            {
                last = beats[index + count];
                count++;
            }

            episodes.Add(new VentricularEpisode(first, last, count));
            index += count;
        }

        return episodes;
    }
}
