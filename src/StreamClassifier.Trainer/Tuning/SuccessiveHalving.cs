using System.Globalization;

namespace StreamClassifier.Trainer.Tuning;

/// <summary>The shape of a successive-halving search.</summary>
/// <param name="Trials">Configurations drawn for the first rung.</param>
/// <param name="Eta">Each rung keeps the best 1/η of the previous one and trains them η times longer.</param>
/// <param name="MinEpochs">Epochs of the first rung.</param>
/// <param name="MaxEpochs">Epochs of the last rung (the finalists train this long).</param>
internal sealed record HalvingSettings(int Trials, int Eta, int MinEpochs, int MaxEpochs)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the option and the fix.</summary>
    public void Validate()
    {
        if (Trials < 1)
        {
            throw new ArgumentException($"--trials must be at least 1, got {Trials}.");
        }

        if (Eta < 2)
        {
            throw new ArgumentException($"--eta must be at least 2 (keep the best half or fewer per rung), got {Eta}.");
        }

        if (MinEpochs < 1 || MaxEpochs < MinEpochs)
        {
            throw new ArgumentException($"--min-epochs ({MinEpochs}) must be at least 1 and at most --max-epochs ({MaxEpochs}).");
        }
    }
}

/// <summary>One rung: how many trials it runs and for how many epochs each.</summary>
/// <param name="Index">Rung number, 0 first.</param>
/// <param name="Trials">Trials in the rung.</param>
/// <param name="Epochs">Epochs per trial.</param>
internal sealed record Rung(int Index, int Trials, int Epochs);

/// <summary>A request to train configuration <paramref name="Trial"/> for <paramref name="Epochs"/> epochs in rung <paramref name="Rung"/>.</summary>
internal sealed record TrialRequest(int Trial, int Rung, int Epochs);

/// <summary>What a trial achieved on validation.</summary>
/// <param name="Metric">The ranking metric, higher is better (NaN ranks last).</param>
/// <param name="Loss">Validation loss, lower is better (breaks ties).</param>
/// <param name="EpochsRun">Epochs actually trained (early stopping may end sooner).</param>
/// <param name="Error">Why the trial failed, or null.</param>
internal sealed record TrialScore(double Metric, double Loss, int EpochsRun, string? Error = null);

/// <summary>The state of a trial in the table.</summary>
internal enum TrialStatus
{
    /// <summary>Training now.</summary>
    Running,

    /// <summary>Trained and scored.</summary>
    Done,

    /// <summary>Training failed (the score says why).</summary>
    Failed,
}

/// <summary>One trial of one rung.</summary>
/// <param name="Request">Which configuration, rung and epochs.</param>
/// <param name="Status">Running, done or failed.</param>
/// <param name="Score">The validation score once done.</param>
/// <param name="Seconds">Wall time of the trial.</param>
internal sealed record TrialRecord(TrialRequest Request, TrialStatus Status, TrialScore? Score, double Seconds);

/// <summary>What a search did.</summary>
/// <param name="Plan">The planned rungs.</param>
/// <param name="Records">Every finished trial, in the order run.</param>
/// <param name="PlannedEpochs">Epochs the whole plan would train (Σ trials × epochs over the rungs).</param>
/// <param name="NotRun">Planned trials left when the time budget was spent.</param>
internal sealed record HalvingOutcome(IReadOnlyList<Rung> Plan, IReadOnlyList<TrialRecord> Records, int PlannedEpochs, int NotRun)
{
    /// <summary>Epochs actually trained.</summary>
    public int EpochsRun => Records.Sum(record => record.Score?.EpochsRun ?? 0);

    /// <summary>The best trial of the highest rung that finished any trial, or null when none finished.</summary>
    public TrialRecord? Best => Records.Where(record => record.Status == TrialStatus.Done)
        .GroupBy(record => record.Request.Rung)
        .OrderByDescending(group => group.Key)
        .Select(group => SuccessiveHalving.Rank(group).First())
        .FirstOrDefault();

    /// <summary>Every trial ranked: higher rungs first, then by <see cref="SuccessiveHalving.Rank"/>.</summary>
    public IReadOnlyList<TrialRecord> Ranked => [.. Records.GroupBy(record => record.Request.Rung).OrderByDescending(group => group.Key).SelectMany(SuccessiveHalving.Rank)];
}

/// <summary>
/// Successive halving (Jamieson and Talwalkar 2016; one bracket of Hyperband): many configurations for few epochs, the
/// best 1/η promoted to a rung with η times the epochs, and so on; the finalists train for the maximum. Promoted trials
/// train again from their seed (not resumed), so a trial's result depends only on its configuration and epochs.
/// Pure: the training is the caller's <c>evaluate</c>, the clock the caller's <c>elapsed</c>.
/// </summary>
internal static class SuccessiveHalving
{
    /// <summary>
    /// The rungs for <paramref name="settings"/>: K = 1 + min(⌊log_η(max/min)⌋, ⌊log_η(trials)⌋) rungs; rung k runs
    /// ⌊trials/η^k⌋ trials for min·η^k epochs, except the last, which runs for max epochs.
    /// </summary>
    public static IReadOnlyList<Rung> Plan(HalvingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var rungCount = 1 + Math.Min(FloorLog(settings.MaxEpochs / settings.MinEpochs, settings.Eta), FloorLog(settings.Trials, settings.Eta));
        var rungs = new List<Rung>();
        long trials = settings.Trials;
        long epochs = settings.MinEpochs;
        for (var index = 0; index < rungCount; index++)
        {
            var last = index == rungCount - 1;
            rungs.Add(new Rung(index, (int)trials, last ? settings.MaxEpochs : (int)epochs));
            trials /= settings.Eta;
            epochs *= settings.Eta;
        }

        return rungs;
    }

    /// <summary>Best first: higher metric, then lower loss, then lower trial number; failed trials and NaN metrics last.</summary>
    public static IEnumerable<TrialRecord> Rank(IEnumerable<TrialRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records
            .OrderBy(record => record.Status == TrialStatus.Done && record.Score is { Metric: var metric } && !double.IsNaN(metric) ? 0 : 1)
            .ThenByDescending(record => record.Score?.Metric is { } metric && !double.IsNaN(metric) ? metric : double.NegativeInfinity)
            .ThenBy(record => record.Score?.Loss is { } loss && !double.IsNaN(loss) ? loss : double.PositiveInfinity)
            .ThenBy(record => record.Request.Trial);
    }

    /// <summary>
    /// Runs the plan. Before each trial the clock is checked: once <paramref name="budget"/> is spent no trial starts,
    /// and the trials still planned are counted in <see cref="HalvingOutcome.NotRun"/>.
    /// </summary>
    /// <param name="settings">The search shape.</param>
    /// <param name="evaluate">Trains and scores one request.</param>
    /// <param name="elapsed">Time spent so far.</param>
    /// <param name="budget">Time allowed.</param>
    /// <param name="report">Told when a trial starts (<see cref="TrialStatus.Running"/>) and when it ends.</param>
    public static HalvingOutcome Run(HalvingSettings settings, Func<TrialRequest, TrialScore> evaluate, Func<TimeSpan> elapsed, TimeSpan budget, Action<TrialRecord>? report = null)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentNullException.ThrowIfNull(elapsed);
        var plan = Plan(settings);
        var records = new List<TrialRecord>();
        IReadOnlyList<int> candidates = [.. Enumerable.Range(0, settings.Trials)];
        var notRun = 0;
        foreach (var rung in plan)
        {
            var batch = candidates.Take(rung.Trials).ToList();
            var finished = new List<TrialRecord>();
            foreach (var trial in batch)
            {
                if (elapsed() >= budget)
                {
                    break;
                }

                var request = new TrialRequest(trial, rung.Index, rung.Epochs);
                report?.Invoke(new TrialRecord(request, TrialStatus.Running, null, 0));
                var started = elapsed();
                var score = evaluate(request);
                var record = new TrialRecord(request, score.Error is null ? TrialStatus.Done : TrialStatus.Failed, score, (elapsed() - started).TotalSeconds);
                finished.Add(record);
                records.Add(record);
                report?.Invoke(record);
            }

            if (finished.Count < batch.Count)
            {
                notRun += batch.Count - finished.Count + plan.Where(later => later.Index > rung.Index).Sum(later => later.Trials);
                break;
            }

            // Failed trials are never promoted, so a later rung may run fewer trials than planned.
            var next = rung.Index + 1 < plan.Count ? plan[rung.Index + 1].Trials : 0;
            candidates = [.. Rank(finished).Where(record => record.Status == TrialStatus.Done).Take(next).Select(record => record.Request.Trial)];
        }

        return new HalvingOutcome(plan, records, plan.Sum(rung => rung.Trials * rung.Epochs), notRun);
    }

    /// <summary>A rung's description for tables.</summary>
    public static string Describe(IReadOnlyList<Rung> plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return string.Join(" → ", plan.Select(rung => string.Create(CultureInfo.InvariantCulture, $"{rung.Trials}×{rung.Epochs} ep")));
    }

    private static int FloorLog(int value, int eta)
    {
        var count = 0;
        for (long power = eta; power <= value; power *= eta)
        {
            count++;
        }

        return count;
    }
}
