using System.Globalization;
using Xunit.Abstractions;

namespace StreamClassifier.Kafka.Tests.Chaos;

/// <summary>
/// Seeded chaos rounds (docs/reliability.md): workers in one group under a random schedule of kill -9,
/// SIGSTOP/SIGCONT, graceful restarts, broker outages, leader and coordinator moves, request errors,
/// latency and model hot swaps, with every record accounted for after every round. Each run draws a
/// new seed and prints it with the schedule; <c>STREAMCLASSIFIER_CHAOS_SEED</c> re-runs one seed and
/// <c>STREAMCLASSIFIER_CHAOS_ROUNDS</c> sets the rounds (default 20).
/// </summary>
public class ChaosRoundsTests(ITestOutputHelper output)
{
    private const int DefaultRounds = 20;

    [Fact]
    public void At_least_once_chaos_rounds_account_for_every_record() => Run("at_least_once");

    [Fact]
    public void Exactly_once_chaos_rounds_account_for_every_record_and_show_no_duplicate() => Run("exactly_once");

    private void Run(string delivery)
    {
        var seed = Environment.GetEnvironmentVariable("STREAMCLASSIFIER_CHAOS_SEED") is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        var rounds = Environment.GetEnvironmentVariable("STREAMCLASSIFIER_CHAOS_ROUNDS") is { Length: > 0 } fixedRounds
            ? int.Parse(fixedRounds, CultureInfo.InvariantCulture)
            : DefaultRounds;
        var schedule = ChaosSchedule.Draw(seed, rounds, "chaos-" + delivery.Replace('_', '-'), delivery == "exactly_once");
        Log($"chaos {delivery}: {schedule}");
        using var run = new ChaosRun(schedule, delivery, Log);
        run.Execute();
    }

    private void Log(string line)
    {
        output.WriteLine(line);
        // Also on the console, so a long run (and CI's log) shows the rounds as they pass.
        Console.Error.WriteLine(line);
    }
}
