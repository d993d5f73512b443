using System.Globalization;
using Confluent.Kafka;
using StreamClassifier.Core.Records;
using StreamClassifier.Kafka.Tests.Support;

namespace StreamClassifier.Kafka.Tests.Chaos;

/// <summary>
/// What must hold after every round, read from the outside (the topics and the group), never from the
/// workers' insides: once the group's committed offsets reach the end of the source topic, every
/// record published so far is accounted for — the good ones scored (the alerts a downstream reader
/// sees are exactly the offline pipeline's, same ids, states, windows and scores), every bad one
/// dead-lettered (the dead letters name exactly the bad records' offsets), none deleted by the broker
/// (every source partition still starts at offset 0, and no worker reported a skip) — and in
/// exactly-once a read_committed reader sees no alert and no dead letter twice, and the checkpoints'
/// resume points reach the end too.
/// </summary>
/// <param name="bootstrap">The cluster.</param>
/// <param name="group">The workers' group.</param>
/// <param name="exactlyOnce">Whether duplicates are violations.</param>
/// <param name="timeout">How long the group may take to catch up after a round.</param>
public sealed class ChaosInvariants(string bootstrap, string group, bool exactlyOnce, TimeSpan timeout)
{
    private static readonly TimeSpan ReaderLag = TimeSpan.FromSeconds(30);

    /// <summary>Waits (bounded) for the group to catch up, then checks; the result lists every violation.</summary>
    public ChaosCheck Check(IReadOnlyDictionary<string, AlertRecord> expected, IReadOnlySet<string> badSources, IReadOnlyList<string> workerLogs)
    {
        var violations = new List<string>();
        try
        {
            WorkerSetup.WaitForCommittedToReachEnd(bootstrap, group, timeout);
        }
        catch (TimeoutException exception)
        {
            violations.Add(exception.Message);
        }

        // Committed offsets cover only acknowledged outputs; a reader may see them a moment later.
        var outputs = ChaosOutputs.Read(bootstrap, exactlyOnce, timeout);
        var readerDeadline = DateTime.UtcNow + (violations.Count == 0 ? ReaderLag : TimeSpan.Zero);
        while (!Complete(outputs, expected, badSources) && DateTime.UtcNow < readerDeadline)
        {
            Thread.Sleep(500); // a bounded wait for the outputs to become visible
            outputs = ChaosOutputs.Read(bootstrap, exactlyOnce, timeout);
        }

        var read = outputs.Alerts;
        var letters = outputs.DeadLetters;
        var ids = read.Select(a => a.AlertId).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Keys.Where(id => !ids.Contains(id)).ToList();
        violations.AddRange(missing.Take(5).Select(id => $"alert {id} of the offline result is missing"));

        violations.AddRange(ids.Where(id => !expected.ContainsKey(id)).Take(5).Select(id => $"alert {id} is not in the offline result"));
        foreach (var alert in read.Where(a => expected.ContainsKey(a.AlertId)).Take(100_000))
        {
            var offline = expected[alert.AlertId];
            if (alert.Score != offline.Score || alert.State != offline.State || alert.WindowStartMs != offline.WindowStartMs || alert.WindowEndMs != offline.WindowEndMs)
            {
                violations.Add(string.Create(CultureInfo.InvariantCulture, $"alert {alert.AlertId}: score {alert.Score:R}, window {alert.WindowStartMs}..{alert.WindowEndMs} differ from the offline {offline.Score:R}, {offline.WindowStartMs}..{offline.WindowEndMs}"));
                break;
            }
        }

        var letterSet = letters.ToHashSet(StringComparer.Ordinal);
        violations.AddRange(badSources.Where(s => !letterSet.Contains(s)).Take(5).Select(s => $"bad record sensors {s} was not dead-lettered"));
        violations.AddRange(letterSet.Where(s => !badSources.Contains(s)).Take(5).Select(s => $"dead letter for sensors {s}, which is not a bad record"));
        var duplicateAlerts = read.Count - ids.Count;
        var duplicateLetters = letters.Count - letterSet.Count;
        if (exactlyOnce && duplicateAlerts > 0)
        {
            violations.Add($"{duplicateAlerts} duplicate alert(s) for a read_committed reader: {string.Join(", ", read.GroupBy(a => a.AlertId, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).Take(5))}");
        }

        if (exactlyOnce && duplicateLetters > 0)
        {
            violations.Add($"{duplicateLetters} duplicate dead letter(s) for a read_committed reader: {string.Join(", ", letters.GroupBy(l => l, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).Take(5))}");
        }

        violations.AddRange(BrokerSkips(workerLogs));
        if (exactlyOnce && violations.Count == 0)
        {
            violations.AddRange(ResumePointsShort());
        }

        var summary = string.Create(CultureInfo.InvariantCulture, $"alerts {ids.Count} (read {read.Count}, duplicates {duplicateAlerts}), dead letters {letterSet.Count} (read {letters.Count}, duplicates {duplicateLetters}), offsets at the end");
        return new ChaosCheck(violations, summary);
    }

    private static bool Complete(ChaosOutputs outputs, IReadOnlyDictionary<string, AlertRecord> expected, IReadOnlySet<string> badSources)
    {
        var ids = outputs.Alerts.Select(a => a.AlertId).ToHashSet(StringComparer.Ordinal);
        return expected.Keys.All(ids.Contains) && badSources.IsSubsetOf(outputs.DeadLetters);
    }

    private IEnumerable<string> BrokerSkips(IReadOnlyList<string> workerLogs)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "chaos-watermarks-" + Guid.NewGuid().ToString("N") }).Build();
        for (var p = 0; p < ChaosSchedule.Partitions; p++)
        {
            var low = consumer.QueryWatermarkOffsets(new TopicPartition("sensors", p), TimeSpan.FromSeconds(30)).Low.Value;
            if (low > 0)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"the broker deleted sensors[{p}] below offset {low}: the run outgrew the mock's retention, so records were lost by design");
            }
        }

        foreach (var line in workerLogs.SelectMany(l => l.Split('\n')).Where(l => l.Contains("the broker deleted", StringComparison.Ordinal)).Take(3))
        {
            yield return "a worker reported records skipped by the broker although none was deleted: " + line.Trim();
        }
    }

    private IEnumerable<string> ResumePointsShort()
    {
        var resume = WorkerSetup.CheckpointResumePoints(bootstrap, group);
        var ends = WorkerSetup.SourceEndOffsets(bootstrap);
        if (!ends.All(kv => kv.Value == 0 || resume.GetValueOrDefault(kv.Key) == kv.Value))
        {
            yield return $"checkpoint resume points {string.Join(", ", resume.OrderBy(kv => kv.Key))} do not reach the source ends {string.Join(", ", ends.OrderBy(kv => kv.Key))}";
        }
    }
}

/// <summary>The outcome of a round's check.</summary>
/// <param name="Violations">Every invariant that failed, empty when the round passed.</param>
/// <param name="Summary">What was read.</param>
public sealed record ChaosCheck(IReadOnlyList<string> Violations, string Summary);
