using StreamClassifier.Core.Ecg;
using StreamClassifier.Worker.Demo.Detection;

namespace StreamClassifier.Worker.EcgEvaluation;

/// <summary>One record's figures: beats (fixed mapping), windows (scores and labels) and alerts (the demo's episode rule).</summary>
/// <param name="Record">Record name.</param>
/// <param name="Beats">Beat-level counts at the stream's threshold.</param>
/// <param name="WindowScores">Score of every window.</param>
/// <param name="WindowLabels">True when the beat nearest the window's centre is V.</param>
/// <param name="Detection">Episodes alerted and false alerts.</param>
internal sealed record RecordEvaluation(string Record, BeatCounts Beats, double[] WindowScores, bool[] WindowLabels, DetectionResult Detection)
{
    /// <summary>First sample of every window.</summary>
    public long[] WindowStarts { get; init; } = [];

    /// <summary>The record's reference episodes.</summary>
    public IReadOnlyList<VentricularEpisode> Episodes { get; init; } = [];

    /// <summary>Signal replayed, seconds.</summary>
    public double SignalSeconds { get; init; }

    /// <summary>Sample rate of the record.</summary>
    public double SampleRateHz { get; init; }

    /// <summary>Scores a replay of <paramref name="recording"/> against its reference annotations.</summary>
    /// <param name="recording">The record (beats and annotations).</param>
    /// <param name="replay">What the pipeline emitted.</param>
    /// <param name="windowSize">The stream's window length.</param>
    /// <param name="threshold">The stream's decision threshold.</param>
    public static RecordEvaluation Of(EcgRecording recording, PipelineReplay replay, int windowSize, double threshold)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(replay);
        var beats = recording.Beats;
        var counts = BeatCounts.Of(beats, BeatMapping.Decide(beats, replay.WindowStarts, replay.Scores, windowSize, threshold));
        var beatSamples = beats.Select(beat => beat.SampleIndex).ToArray();
        var labels = replay.WindowStarts.Select(start => BeatMapping.NearestBeatIsVentricular(beats, beatSamples, start, windowSize)).ToArray();
        var signalSeconds = recording.Signal.Length / recording.SampleRateHz;
        var episodes = VentricularEpisodes.Find(recording.Annotations, recording.SampleRateHz);
        var spans = AlertSpan.Pair(replay.Alerts, signalSeconds);
        return new RecordEvaluation(recording.Name, counts, replay.Scores, labels, DetectionScorer.Score(episodes, spans, signalSeconds))
        {
            WindowStarts = replay.WindowStarts,
            Episodes = episodes,
            SignalSeconds = signalSeconds,
            SampleRateHz = recording.SampleRateHz,
        };
    }
}
