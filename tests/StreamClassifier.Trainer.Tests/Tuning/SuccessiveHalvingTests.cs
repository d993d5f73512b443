using StreamClassifier.Trainer.Tuning;

namespace StreamClassifier.Trainer.Tests.Tuning;

public sealed class SuccessiveHalvingTests
{
    [Theory]
    [InlineData(9, 3, 1, 27, "9x1 3x3 1x27")]
    [InlineData(27, 3, 1, 9, "27x1 9x3 3x9")]
    [InlineData(20, 2, 2, 16, "20x2 10x4 5x8 2x16")]
    [InlineData(1, 3, 1, 9, "1x9")]
    [InlineData(8, 3, 4, 4, "8x4")]
    public void The_plan_keeps_one_in_eta_and_trains_the_finalists_for_the_maximum(int trials, int eta, int minEpochs, int maxEpochs, string expected)
    {
        var plan = SuccessiveHalving.Plan(new HalvingSettings(trials, eta, minEpochs, maxEpochs));

        Assert.Equal(expected, string.Join(" ", plan.Select(rung => $"{rung.Trials}x{rung.Epochs}")));
        Assert.Equal(Enumerable.Range(0, plan.Count), plan.Select(rung => rung.Index));
    }

    [Fact]
    public void Each_rung_promotes_the_best_of_the_previous_one()
    {
        // Trial t scores (7t mod 9)/9: the order of quality is 5, 1, 6, 7, 2, 8, 3, 4, 0 (best first).
        var outcome = SuccessiveHalving.Run(new HalvingSettings(9, 3, 1, 9), request => Score(request, (request.Trial * 7 % 9) / 9.0), () => TimeSpan.Zero, TimeSpan.FromHours(1));

        Assert.Equal(Enumerable.Range(0, 9), Trials(outcome, 0).Order());
        Assert.Equal([5, 1, 6], Trials(outcome, 1));
        Assert.Equal([5], Trials(outcome, 2));
        Assert.Equal(5, outcome.Best!.Request.Trial);
        Assert.Equal(9, outcome.Best.Request.Epochs);
        Assert.Equal([1, 3, 9], outcome.Records.Select(record => record.Request.Epochs).Distinct());
        Assert.Equal((9 * 1) + (3 * 3) + (1 * 9), outcome.PlannedEpochs);
        Assert.Equal(outcome.PlannedEpochs, outcome.EpochsRun);
        Assert.Equal(0, outcome.NotRun);
        Assert.Equal(outcome.Best, outcome.Ranked[0]);
    }

    [Fact]
    public void A_later_rung_can_overturn_an_early_leader()
    {
        // Trial 0 leads after one epoch but trial 1 overtakes it with more epochs: the final ranking follows the last rung.
        var outcome = SuccessiveHalving.Run(
            new HalvingSettings(4, 2, 1, 4),
            request => Score(request, request.Epochs == 1 ? 1.0 - (request.Trial * 0.1) : request.Trial * 0.1),
            () => TimeSpan.Zero,
            TimeSpan.FromHours(1));

        Assert.Equal([0, 1], Trials(outcome, 1));
        Assert.Equal(1, outcome.Best!.Request.Trial);
    }

    [Fact]
    public void Ties_are_broken_by_validation_loss_then_by_trial_number()
    {
        var records = new[]
        {
            Record(0, 0.9, 0.5), Record(1, 0.9, 0.3), Record(2, 0.9, 0.3), Record(3, double.NaN, 0.1), Record(4, 0.95, 0.9),
        };

        Assert.Equal([4, 1, 2, 0, 3], SuccessiveHalving.Rank(records).Select(record => record.Request.Trial));
    }

    [Fact]
    public void Failed_trials_rank_last_and_are_never_promoted()
    {
        var outcome = SuccessiveHalving.Run(
            new HalvingSettings(4, 2, 1, 2),
            request => request.Trial < 3 ? new TrialScore(double.NaN, double.NaN, 0, "kernel longer than the window") : Score(request, 0.1),
            () => TimeSpan.Zero,
            TimeSpan.FromHours(1));

        Assert.Equal([3], Trials(outcome, 1));
        Assert.Equal(3, outcome.Best!.Request.Trial);
        Assert.Equal(3, outcome.Records.Count(record => record.Status == TrialStatus.Failed));
    }

    [Fact]
    public void A_spent_budget_stops_new_trials_and_counts_the_ones_left()
    {
        // Each epoch costs a minute on a fake clock; the budget is 10 minutes.
        var clock = TimeSpan.Zero;
        var outcome = SuccessiveHalving.Run(
            new HalvingSettings(9, 3, 1, 9),
            request =>
            {
                clock += TimeSpan.FromMinutes(request.Epochs);
                return Score(request, request.Trial / 10.0);
            },
            () => clock,
            TimeSpan.FromMinutes(10));

        // Rung 0 (9 × 1 min) finishes at 9 min; the first rung-1 trial starts at 9 min and ends at 12; nothing starts after.
        Assert.Equal(10, outcome.Records.Count);
        Assert.Equal(2 + 1, outcome.NotRun);
        Assert.Equal(9 + 3, outcome.EpochsRun);
        Assert.Equal(8, outcome.Best!.Request.Trial);
        Assert.Equal(1, outcome.Best.Request.Rung);
        Assert.All(outcome.Records, record => Assert.Equal(record.Request.Epochs * 60.0, record.Seconds));
    }

    [Fact]
    public void The_same_scores_give_the_same_search_and_reports_bracket_every_trial()
    {
        var reports = new List<TrialRecord>();
        static HalvingOutcome Search(Action<TrialRecord>? report) => SuccessiveHalving.Run(new HalvingSettings(12, 3, 1, 9), request => Score(request, Math.Sin(request.Trial * request.Epochs)), () => TimeSpan.Zero, TimeSpan.FromHours(1), report);

        var first = Search(reports.Add);
        var second = Search(null);

        Assert.Equal(first.Records, second.Records);
        Assert.Equal(2 * first.Records.Count, reports.Count);
        Assert.All(reports.Where((_, index) => index % 2 == 0), report => Assert.Equal(TrialStatus.Running, report.Status));
    }

    [Theory]
    [InlineData(0, 3, 1, 9, "--trials")]
    [InlineData(9, 1, 1, 9, "--eta")]
    [InlineData(9, 3, 10, 9, "--min-epochs")]
    public void Impossible_settings_name_the_option(int trials, int eta, int minEpochs, int maxEpochs, string option)
    {
        var error = Assert.Throws<ArgumentException>(() => SuccessiveHalving.Plan(new HalvingSettings(trials, eta, minEpochs, maxEpochs)));

        Assert.StartsWith(option, error.Message, StringComparison.Ordinal);
    }

    private static TrialScore Score(TrialRequest request, double metric) => new(metric, 1 - metric, request.Epochs);

    private static TrialRecord Record(int trial, double metric, double loss) => new(new TrialRequest(trial, 0, 1), TrialStatus.Done, new TrialScore(metric, loss, 1), 0);

    private static List<int> Trials(HalvingOutcome outcome, int rung) => [.. outcome.Records.Where(record => record.Request.Rung == rung).Select(record => record.Request.Trial)];
}
