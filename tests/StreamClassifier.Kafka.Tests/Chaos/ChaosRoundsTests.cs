using System.Globalization;
using Xunit.Abstractions;

namespace StreamClassifier.Kafka.Tests.Chaos;

/// <summary>
/// Seeded chaos rounds (docs/reliability.md): workers in one group under a random schedule of kill -9,
/// SIGSTOP/SIGCONT, graceful restarts, broker outages, leader and coordinator moves, request errors,
/// latency and model hot swaps, with every record accounted for after every round. The suite runs a
/// fixed seed per delivery mode, so a red run is the code's and not the draw's, and prints it with the
/// schedule; <c>STREAMCLASSIFIER_CHAOS_SEED</c> runs another seed (<c>random</c> draws one) and
/// <c>STREAMCLASSIFIER_CHAOS_ROUNDS</c> sets the rounds (default 20).
/// </summary>
public class ChaosRoundsTests(ITestOutputHelper output)
{
    private const int DefaultRounds = 20;
    private const int AtLeastOnceSeed = 1001;
    private const int ExactlyOnceSeed = 2002;

    [Fact]
    public void At_least_once_chaos_rounds_account_for_every_record() => Run("at_least_once");

    [Fact]
    public void Exactly_once_chaos_rounds_account_for_every_record_and_show_no_duplicate() => Run("exactly_once");

    private void Run(string delivery)
    {
        var seed = Environment.GetEnvironmentVariable("STREAMCLASSIFIER_CHAOS_SEED") switch
        {
            null or "" => delivery == "exactly_once" ? ExactlyOnceSeed : AtLeastOnceSeed,
            "random" => Random.Shared.Next(),
            var fixedSeed => int.Parse(fixedSeed, CultureInfo.InvariantCulture),
        };
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
