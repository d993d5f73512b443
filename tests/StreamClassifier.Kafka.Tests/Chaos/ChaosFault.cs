using System.Globalization;

namespace StreamClassifier.Kafka.Tests.Chaos;

/// <summary>The faults a chaos round draws from.</summary>
public enum ChaosFaultKind
{
    /// <summary>SIGKILL a worker, start it again (same instance id) at once.</summary>
    Kill9,

    /// <summary>SIGSTOP a worker, SIGCONT it after the duration: shorter than the session timeout a stall, longer a zombie that comes back.</summary>
    Pause,

    /// <summary>SIGTERM a worker, wait for its clean exit (code 0), start it again.</summary>
    GracefulRestart,

    /// <summary>Take a broker down for the duration, then up.</summary>
    BrokerDown,

    /// <summary>Move a partition's leader, or the group's (or a transactional id's) coordinator, to another broker.</summary>
    LeaderChange,

    /// <summary>Make the next requests of one type fail with a retriable error.</summary>
    RequestErrors,

    /// <summary>Add round-trip time to a broker's responses for the duration.</summary>
    Latency,

    /// <summary>Replace the model file with a new version computing the same scores; every worker swaps it in.</summary>
    ModelSwap,
}

/// <summary>One fault of a round: what, whom, when (ms after the round's input starts) and for how long.</summary>
/// <param name="Kind">The fault.</param>
/// <param name="DelayMs">When it strikes, after the round's first record is produced.</param>
/// <param name="Worker">The worker it hits (index), for worker faults.</param>
/// <param name="DurationMs">How long a pause, an outage or a latency lasts.</param>
/// <param name="Command">The broker fault command (see BrokerFaultCommands), for broker faults.</param>
public sealed record ChaosFault(ChaosFaultKind Kind, int DelayMs, int Worker = 0, int DurationMs = 0, string? Command = null)
{
    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ChaosFaultKind.Kill9 => Describe($"kill -9 w{Worker + 1}, restarted"),
        ChaosFaultKind.Pause => Describe($"SIGSTOP w{Worker + 1} for {DurationMs} ms, then SIGCONT"),
        ChaosFaultKind.GracefulRestart => Describe($"SIGTERM w{Worker + 1}, restarted"),
        ChaosFaultKind.BrokerDown => Describe($"{Command} for {DurationMs} ms"),
        ChaosFaultKind.Latency => Describe($"{Command} for {DurationMs} ms"),
        ChaosFaultKind.ModelSwap => Describe("model hot swap"),
        _ => Describe(Command ?? Kind.ToString()),
    };

    private string Describe(string what) => string.Create(CultureInfo.InvariantCulture, $"{what} at +{DelayMs} ms");
}

/// <summary>One round: its fault and its input (good records of every sensor, plus bad ones).</summary>
/// <param name="Number">1-based.</param>
/// <param name="Fault">The fault.</param>
/// <param name="BadRecords">Malformed records produced among the good ones.</param>
/// <param name="SpreadMs">Over how long the round's records are produced.</param>
public sealed record ChaosRound(int Number, ChaosFault Fault, int BadRecords, int SpreadMs)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"round {Number}: {Fault}; {BadRecords} bad record(s), input over {SpreadMs} ms");
}
