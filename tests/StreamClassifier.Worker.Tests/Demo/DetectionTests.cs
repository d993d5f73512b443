using StreamClassifier.Core.Recordings;
using StreamClassifier.Worker.Demo.Detection;

namespace StreamClassifier.Worker.Tests.Demo;

public sealed class DetectionTests
{
    private const double Rate = 360;

    [Fact]
    public void V_beats_closer_than_the_gap_form_one_episode_and_other_beats_are_ignored()
    {
        BeatAnnotation[] annotations =
        [
            Beat(0.5, 'N', 1),
            Beat(1.0, 'V', 5),
            Beat(3.0, 'V', 5),             // 2 s later: same episode
            Beat(8.0, 'V', 5),             // exactly 5 s later: still the same episode (the gap is inclusive)
            Beat(9.0, 'F', 6),             // fusion and escape beats are not what the model was trained on
            Beat(10.0, 'E', 10),
            Beat(13.5, 'V', 5),            // 5.5 s after the last V: a new episode
            Beat(20.0, '+', 28),
            Beat(30.0, 'V', 5),
        ];

        var episodes = VentricularEpisodes.Find(annotations, Rate, maxGapSeconds: 5);

        Assert.Equal(
            [new VentricularEpisode(1.0, 8.0, 3), new VentricularEpisode(13.5, 13.5, 1), new VentricularEpisode(30.0, 30.0, 1)],
            episodes);
        Assert.Equal(2, VentricularEpisodes.Find(annotations, Rate, maxGapSeconds: 5, sampleLimit: (long)(13.5 * Rate) + 1).Count);
        Assert.Single(VentricularEpisodes.Find(annotations, Rate, maxGapSeconds: 20));
        Assert.Empty(VentricularEpisodes.Find([Beat(1, 'N', 1)], Rate));
    }

    [Fact]
    public void Raises_pair_with_the_next_clear_and_an_open_raise_runs_to_the_end_of_the_signal()
    {
        var spans = AlertSpan.Pair(
            [
                (false, 1.0, 3.0),         // a clear before any raise (its raise was before the processed range): ignored
                (true, 10.0, 12.0),
                (false, 20.0, 22.0),
                (true, 30.0, 32.0),
                (true, 40.0, 42.0),        // a second raise closes the open span where it starts
            ],
            signalEndSeconds: 100);

        Assert.Equal(
            [new AlertSpan(10, 22, Cleared: true), new AlertSpan(30, 40, Cleared: false), new AlertSpan(40, 100, Cleared: false)],
            spans);
    }

    [Fact]
    public void An_episode_is_detected_by_an_overlapping_span_within_the_tolerance_and_other_raises_are_false()
    {
        VentricularEpisode[] episodes = [new(50, 52, 3), new(200, 200, 1), new(400, 410, 8)];
        AlertSpan[] alerts =
        [
            new(53.9, 60, Cleared: true),    // starts 1.9 s after the episode ends: within 2 s
            new(100, 110, Cleared: true),    // nowhere near an episode: false
            new(300, 320, Cleared: true),    // false
            new(405, 406, Cleared: true),    // inside the third episode
        ];

        var result = DetectionScorer.Score(episodes, alerts, signalSeconds: 1800, toleranceSeconds: 2);

        Assert.Equal(3, result.EpisodesTotal);
        Assert.Equal(2, result.EpisodesDetected);
        Assert.Equal(12, result.VentricularBeats);
        Assert.Equal(4, result.AlertsRaised);
        Assert.Equal(2, result.FalseAlerts);
        Assert.Equal(4.0, result.FalseAlertsPerHour);     // 2 false alerts in half an hour
        Assert.Equal(2.0 / 3, result.EpisodeSensitivity);

        var strict = DetectionScorer.Score(episodes, alerts, signalSeconds: 1800, toleranceSeconds: 1);
        Assert.Equal(1, strict.EpisodesDetected);
        Assert.Equal(3, strict.FalseAlerts);
    }

    [Fact]
    public void Results_add_up_over_records_and_say_nothing_without_episodes_or_signal()
    {
        var none = DetectionScorer.Score([], [], signalSeconds: 0);
        Assert.Null(none.EpisodeSensitivity);
        Assert.Null(none.FalseAlertsPerHour);

        var first = DetectionScorer.Score([new VentricularEpisode(10, 10, 1)], [new AlertSpan(9, 12, true)], 3600);
        var second = DetectionScorer.Score([new VentricularEpisode(10, 12, 2)], [new AlertSpan(100, 102, true), new AlertSpan(200, 202, false)], 1800);

        var total = DetectionResult.Empty + first + second;

        Assert.Equal(new DetectionResult(2, 1, 3, 3, 2, 5400), total);
        Assert.Equal(2 / 1.5, total.FalseAlertsPerHour);
    }

    private static BeatAnnotation Beat(double seconds, char symbol, int code) => new((long)Math.Round(seconds * Rate), symbol, code);
}
