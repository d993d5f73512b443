namespace StreamClassifier.Worker.Demo.Detection;

/// <summary>A run of annotated ventricular (V) beats of one record, times in seconds from the record's first sample.</summary>
/// <param name="StartSeconds">Time of the first V beat.</param>
/// <param name="EndSeconds">Time of the last V beat (equal to <paramref name="StartSeconds"/> for an isolated beat).</param>
/// <param name="BeatCount">V beats in the episode.</param>
internal sealed record VentricularEpisode(double StartSeconds, double EndSeconds, int BeatCount);
