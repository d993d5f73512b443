using System.Globalization;

namespace StreamClassifier.Kafka.Tests.Chaos;

/// <summary>
/// Everything random about a chaos run, drawn from one seed: the number of workers and every round's
/// fault and input. The same seed gives the same schedule, so a failing seed is re-run as it failed
/// (the processes' timing aside).
/// </summary>
public sealed class ChaosSchedule
{
    /// <summary>The consumer group's session timeout: pauses are drawn on both sides of it.</summary>
    public const int SessionTimeoutMs = 3000;

    /// <summary>Brokers of the cluster (leaders and coordinators move between them).</summary>
    public const int Brokers = 3;

    /// <summary>Partitions of every topic.</summary>
    public const int Partitions = 4;

    // Retriable errors per request type: what a broker answers under load, failover or a coordinator move.
    private static readonly (string Api, string Error)[] CommonErrors =
    [
        ("Produce", "NOT_LEADER_FOR_PARTITION"),
        ("Produce", "REQUEST_TIMED_OUT"),
        ("Produce", "NOT_ENOUGH_REPLICAS"),
        ("Fetch", "NOT_LEADER_FOR_PARTITION"),
        ("Fetch", "UNKNOWN_TOPIC_OR_PART"),
        ("OffsetCommit", "REQUEST_TIMED_OUT"),
        ("OffsetCommit", "GROUP_COORDINATOR_NOT_AVAILABLE"),
        ("OffsetCommit", "NOT_COORDINATOR_FOR_GROUP"),
        ("Heartbeat", "NOT_COORDINATOR_FOR_GROUP"),
        ("Heartbeat", "REBALANCE_IN_PROGRESS"),
        ("Metadata", "REQUEST_TIMED_OUT"),
    ];

    private static readonly (string Api, string Error)[] TransactionErrors =
    [
        ("AddPartitionsToTxn", "CONCURRENT_TRANSACTIONS"),
        ("EndTxn", "GROUP_COORDINATOR_NOT_AVAILABLE"),
        ("EndTxn", "NOT_COORDINATOR_FOR_GROUP"),
    ];

    /// <summary>The request errors a run draws from (Confluent.Kafka <c>ErrorCode</c> names in upper snake case).</summary>
    public static IReadOnlyList<(string Api, string Error)> RequestErrors(bool exactlyOnce) => exactlyOnce ? [.. CommonErrors, .. TransactionErrors] : CommonErrors;

    private static readonly string[] Topics = ["sensors", "alerts", "dlq", "checkpoints"];

    private ChaosSchedule(int seed, int workers, IReadOnlyList<ChaosRound> rounds)
    {
        Seed = seed;
        Workers = workers;
        Rounds = rounds;
    }

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>Workers in the group (2 or 3).</summary>
    public int Workers { get; }

    /// <summary>The rounds, in order.</summary>
    public IReadOnlyList<ChaosRound> Rounds { get; }

    /// <summary>Draws a schedule of <paramref name="rounds"/> rounds from <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="rounds">Rounds.</param>
    /// <param name="group">The consumer group (coordinator moves name it).</param>
    /// <param name="exactlyOnce">Whether transactional request errors and coordinators are in the draw (and broker outages are not).</param>
    public static ChaosSchedule Draw(int seed, int rounds, string group, bool exactlyOnce)
    {
        var random = new Random(seed);
        var workers = random.Next(2, 4);
        // Exactly-once draws no broker outage: with one, a group's transactional commits can stall for
        // minutes after the broker is back (docs/reliability.md, open), and CI proves what holds today.
        var kinds = Enum.GetValues<ChaosFaultKind>().Where(kind => !(exactlyOnce && kind == ChaosFaultKind.BrokerDown)).ToArray();
        var list = new List<ChaosRound>(rounds);
        for (var number = 1; number <= rounds; number++)
        {
            var kind = kinds[random.Next(kinds.Length)];
            var fault = Fault(random, kind, workers, group, exactlyOnce);
            list.Add(new ChaosRound(number, fault, BadRecords: random.Next(0, 3), SpreadMs: random.Next(200, 1500)));
        }

        return new ChaosSchedule(seed, workers, list);
    }

    /// <summary>How many rounds drew each fault.</summary>
    public string FaultCounts() => string.Join(", ", Rounds.GroupBy(r => r.Fault.Kind).OrderBy(g => g.Key).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()}")));

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"seed {Seed}, {Workers} workers, {Rounds.Count} rounds:\n") + string.Join("\n", Rounds.Select(r => "  " + r));

    private static ChaosFault Fault(Random random, ChaosFaultKind kind, int workers, string group, bool exactlyOnce)
    {
        var delay = random.Next(0, 1200);
        var worker = random.Next(workers);
        var broker = random.Next(1, Brokers + 1);
        switch (kind)
        {
            case ChaosFaultKind.Pause:
                // Half stalls within the session, half zombies: expelled from the group while stopped, then back.
                // Exactly-once draws only stalls: the mock broker does not fence a live zombie's transaction
                // (docs/kafka.md), so its late checkpoint would replace its successor's; a real broker aborts it.
                var zombie = random.Next(2) == 0 && !exactlyOnce;
                return new ChaosFault(kind, delay, worker, zombie ? random.Next(SessionTimeoutMs + 1500, SessionTimeoutMs + 4000) : random.Next(300, SessionTimeoutMs - 1000));
            case ChaosFaultKind.BrokerDown:
                return new ChaosFault(kind, delay, DurationMs: random.Next(500, 4000), Command: string.Create(CultureInfo.InvariantCulture, $"down {broker}"));
            case ChaosFaultKind.Latency:
                return new ChaosFault(kind, delay, DurationMs: random.Next(500, 3000), Command: string.Create(CultureInfo.InvariantCulture, $"rtt {broker} {random.Next(50, 800)}"));
            case ChaosFaultKind.LeaderChange:
                var what = random.Next(exactlyOnce ? 4 : 3);
                var command = what switch
                {
                    0 => string.Create(CultureInfo.InvariantCulture, $"coordinator group {group} {broker}"),
                    1 or 2 => LeaderCommand(random, group, broker),
                    _ => string.Create(CultureInfo.InvariantCulture, $"coordinator transaction streamclassifier-{group}-w{worker + 1} {broker}"),
                };
                return new ChaosFault(kind, delay, worker, Command: command);
            case ChaosFaultKind.RequestErrors:
                var menu = RequestErrors(exactlyOnce);
                var (api, error) = menu[random.Next(menu.Count)];
                return new ChaosFault(kind, delay, Command: string.Create(CultureInfo.InvariantCulture, $"errors {api} {random.Next(1, 6)} {error}"));
            default:
                return new ChaosFault(kind, delay, worker);
        }
    }

    private static string LeaderCommand(Random random, string group, int broker)
    {
        var topic = Topics[random.Next(Topics.Length)];
        return string.Create(CultureInfo.InvariantCulture, $"leader {(topic == "checkpoints" ? group + ".checkpoints" : topic)} {random.Next(Partitions)} {broker}");
    }
}
