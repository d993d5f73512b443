using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using StreamClassifier.Kafka.Tests.Support;
using Xunit.Abstractions;

namespace StreamClassifier.Kafka.Tests.Worker;

/// <summary>
/// <c>run</c> on the Generic Host stops gracefully on SIGTERM mid-stream (stop polling,
/// drain, publish, commit, leave the group) within <c>worker.shutdown_timeout_s</c>, its commits cover
/// exactly the work it did, and a restart loses nothing. Broker, replay and workers are separate processes.
/// </summary>
public partial class GracefulShutdownTests(ITestOutputHelper output)
{
    private const int ShutdownTimeoutS = 20;
    private const int MaxInFlight = 100;
    private const int BatchDelayMs = 5000;
    private const string WindowsScored = "streamclassifier_windows_scored_total";
    private const string PipelineRecords = "streamclassifier_records_total";
    private const string RecordsInFlight = "streamclassifier_records_in_flight";
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);

    [Fact]
    public void Sigterm_mid_stream_drains_commits_exactly_the_processed_work_and_a_restart_loses_nothing()
    {
        const string Group = "graceful";
        using var broker = BrokerProcess.Start(1, 4, faults: false, "sensors", Group + ".checkpoints", "alerts", "dlq");
        using var setup = WorkerSetup.Create(broker.BootstrapServers, Group, sensors: 8, samplesPerSensor: 6000, chunk: 25, maxInFlight: MaxInFlight);
        // Scoring inline (on the polling thread, the scoring thread takes whatever waits at once: its drain is ScoringThreadTests'),
        // windows wait 2 s for their batch (4096 windows are never reached: at most 100 records are in flight), so the test can
        // send SIGTERM while records wait in a batch that is not due yet: the stop has to drain them.
        var yaml = File.ReadAllText(setup.TopologyPath);
        Assert.Contains("batching: {max_batch: 16, max_delay_ms: 5}", yaml, StringComparison.Ordinal);
        File.WriteAllText(setup.TopologyPath, yaml.Replace("batching: {max_batch: 16, max_delay_ms: 5}", $"batching: {{max_batch: 4096, max_delay_ms: {BatchDelayMs}}}", StringComparison.Ordinal)
            + $"\nworker: {{shutdown_timeout_s: {ShutdownTimeoutS}, scoring: inline}}\n");
        var expected = setup.OfflineAlertIds();
        using var alerts = new AlertCollector(broker.BootstrapServers);
        // 24 s of signal at 2x real time: records keep arriving while the worker is stopped.
        using var replay = WorkerProcess.Start("replay", "--bootstrap", broker.BootstrapServers, "--topic", "sensors", "--input", setup.CsvPath, "--chunk", "25", "--speed", "2", "--quiet");

        long consumedByFirst;
        using (var metrics = new WorkerMetricsProbe())
        using (var first = StartWorker(setup, broker, metrics.Listen))
        {
            alerts.WaitUntil(ids => ids.Distinct().Count() >= expected.Count / 4, Long, "a quarter of the alerts before SIGTERM", () => first.Errors);
            var waiting = metrics.WaitUntil(RecordWaitsForABatchNotDueYet, Long, "a batch to be scored and a record to arrive after it", first);
            output.WriteLine($"SIGTERM after a batch, with records waiting for the next: {waiting}");
            var stopwatch = Stopwatch.StartNew();
            first.Terminate();
            var exitCode = first.WaitForExit(TimeSpan.FromSeconds(ShutdownTimeoutS), $"the worker to stop within worker.shutdown_timeout_s = {ShutdownTimeoutS} s of SIGTERM");
            stopwatch.Stop();
            output.WriteLine($"SIGTERM to exit: {stopwatch.ElapsedMilliseconds} ms (deadline {ShutdownTimeoutS} s); alerts so far {alerts.Ids.Distinct().Count()} of {expected.Count}");
            var log = first.Errors;
            output.WriteLine(string.Join("\n", log.Split('\n').Where(line => line.StartsWith("run:", StringComparison.Ordinal) || line.StartsWith("worker: stopped", StringComparison.Ordinal) || line.StartsWith("worker: revoking", StringComparison.Ordinal))));
            Assert.True(exitCode == 0, $"exit code {exitCode}:\n{log}");
            var draining = Draining().Match(log);
            Assert.True(draining.Success, log);
            Assert.True(int.Parse(draining.Groups["records"].Value, CultureInfo.InvariantCulture) > 0, $"nothing was in flight at SIGTERM, so the drain was not exercised:\n{log}");
            Assert.Contains("run: graceful stop in", log, StringComparison.Ordinal);
            Assert.Contains("worker: stopped cleanly", log, StringComparison.Ordinal);
            Assert.DoesNotContain("final commit failed", log, StringComparison.Ordinal);
            var summary = SummaryLine().Match(log);
            Assert.True(summary.Success, $"no summary line:\n{log}");
            consumedByFirst = long.Parse(summary.Groups["consumed"].Value, CultureInfo.InvariantCulture);
            Assert.Equal("0", summary.Groups["skipped"].Value);
            Assert.Equal(summary.Groups["consumed"].Value, summary.Groups["completed"].Value);
            Assert.True(consumedByFirst < setup.Recording.Chunks.Count, $"mid-stream: the worker had read {consumedByFirst} of {setup.Recording.Chunks.Count} records");
        }

        // The group's commits cover exactly what the first worker consumed: everything it read was finished
        // (scored, alerted, acknowledged, checkpointed) before it left, and nothing it had not read.
        var committed = CommittedTotal(broker.BootstrapServers, Group);
        output.WriteLine($"consumed by the first worker {consumedByFirst}, committed {committed}");
        Assert.Equal(consumedByFirst, committed);

        var replayExit = replay.WaitForExit(Long, "replay");
        Assert.True(replayExit == 0, $"replay exited with {replayExit}:\n{replay.Output}\n{replay.Errors}");
        // The restart batches as usual (batching changes when windows are scored, not their scores or alerts).
        File.WriteAllText(setup.TopologyPath, yaml + $"\nworker: {{shutdown_timeout_s: {ShutdownTimeoutS}}}\n");
        using (var metrics = new WorkerMetricsProbe())
        using (var second = StartWorker(setup, broker, metrics.Listen))
        {
            alerts.WaitUntil(ids => expected.IsSubsetOf(ids), Long, "every offline alert after the restart", () => second.Errors);
            WorkerSetup.WaitForCommittedToReachEnd(broker.BootstrapServers, Group, Long);
            second.Terminate();
            Assert.Equal(0, second.WaitForExit(TimeSpan.FromSeconds(ShutdownTimeoutS), "the second worker to stop"));
            var summary = SummaryLine().Match(second.Errors);
            Assert.True(summary.Success, second.Errors);
            // The restart resumed at the commit: it read only what the first worker had not.
            Assert.Equal(setup.Recording.Chunks.Count - consumedByFirst, long.Parse(summary.Groups["consumed"].Value, CultureInfo.InvariantCulture));
        }

        var all = alerts.Ids;
        Assert.Empty(expected.Except(all));
        Assert.Empty(all.Distinct().Except(expected));
        // A graceful stop leaves nothing uncommitted, so the restart repeats no alert.
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public void A_deadline_too_short_to_drain_says_what_was_abandoned_and_a_restart_redoes_it()
    {
        const string Group = "deadline";
        using var broker = BrokerProcess.Start(1, 4, faults: false, "sensors", Group + ".checkpoints", "alerts", "dlq");
        using var setup = WorkerSetup.Create(broker.BootstrapServers, Group, sensors: 4, samplesPerSensor: 2000, chunk: 25, maxInFlight: MaxInFlight);
        // Scoring inline, windows wait 30 s for their batch but the worker has 1 s to stop: the drain cannot finish.
        var yaml = File.ReadAllText(setup.TopologyPath).Replace("batching: {max_batch: 16, max_delay_ms: 5}", "batching: {max_batch: 4096, max_delay_ms: 30000}", StringComparison.Ordinal);
        File.WriteAllText(setup.TopologyPath, yaml + "\nworker: {shutdown_timeout_s: 1, scoring: inline}\n");
        var expected = setup.OfflineAlertIds();
        setup.Replay(broker.BootstrapServers);
        using var alerts = new AlertCollector(broker.BootstrapServers);

        using (var metrics = new WorkerMetricsProbe())
        using (var first = StartWorker(setup, broker, metrics.Listen))
        {
            // The topic is full, so the worker reads up to its in-flight cap at once; those records then wait 30 s for their batch.
            var capped = metrics.WaitUntil(scrapes => scrapes[^1][RecordsInFlight] >= MaxInFlight, Long, $"the worker to read up to its in-flight cap ({MaxInFlight} records)", first);
            output.WriteLine($"SIGTERM with the in-flight cap reached: {capped}");
            var stopwatch = Stopwatch.StartNew();
            first.Terminate();
            var exitCode = first.WaitForExit(Long, "the worker to stop");
            output.WriteLine($"SIGTERM to exit: {stopwatch.ElapsedMilliseconds} ms (deadline 1 s), exit code {exitCode}");
            var log = first.Errors;
            output.WriteLine(string.Join("\n", log.Split('\n').Where(line => line.StartsWith("run:", StringComparison.Ordinal) || line.StartsWith("warning:", StringComparison.Ordinal) || line.StartsWith("worker:", StringComparison.Ordinal))));
            var draining = Draining().Match(log);
            Assert.True(draining.Success, log);
            Assert.True(int.Parse(draining.Groups["records"].Value, CultureInfo.InvariantCulture) >= MaxInFlight, $"the records waiting for their batch were not in flight at SIGTERM:\n{log}");
            Assert.True(
                log.Contains("were still in flight when the drain time", StringComparison.Ordinal) || log.Contains("run: the shutdown deadline of 1 s passed", StringComparison.Ordinal),
                $"the log does not say what was abandoned:\n{log}");
            Assert.Contains(exitCode, new[] { 0, 3 });
        }

        // Commits are contiguous per partition: every abandoned record, and what follows it, stays uncommitted.
        var committed = CommittedTotal(broker.BootstrapServers, Group);
        Assert.True(committed <= setup.Recording.Chunks.Count - MaxInFlight, $"committed {committed} of {setup.Recording.Chunks.Count} records, although at least {MaxInFlight} were abandoned in flight");
        File.WriteAllText(setup.TopologyPath, yaml.Replace("max_delay_ms: 30000", "max_delay_ms: 5", StringComparison.Ordinal));
        using (var metrics = new WorkerMetricsProbe())
        using (var second = StartWorker(setup, broker, metrics.Listen))
        {
            alerts.WaitUntil(ids => expected.IsSubsetOf(ids), Long, "every offline alert after the restart", () => second.Errors);
            WorkerSetup.WaitForCommittedToReachEnd(broker.BootstrapServers, Group, Long);
            second.Terminate();
            Assert.Equal(0, second.WaitForExit(Long, "the second worker to stop"));
        }

        Assert.Empty(alerts.Ids.Distinct().Except(expected));
    }

    /// <summary>
    /// True when, within the last second, a batch was scored (between two scrapes) and later the pipeline read a record.
    /// Reading takes the pipeline's gate, which the batch held, so that record came after the batch: its windows wait in the
    /// next one, due max_delay_ms = 2 s after the batch at the earliest, so a SIGTERM sent now (handled within 1 s) finds it in flight.
    /// (The consumer resumes a few hundred ms after a batch frees the in-flight cap, hence a second.)
    /// </summary>
    private static bool RecordWaitsForABatchNotDueYet(IReadOnlyList<MetricsScrape> scrapes)
    {
        var latest = scrapes[^1];
        for (var index = 1; index < scrapes.Count - 1; index++)
        {
            if (scrapes[index][WindowsScored] > scrapes[index - 1][WindowsScored]
                && latest[PipelineRecords] > scrapes[index][PipelineRecords]
                && latest[RecordsInFlight] > 0
                && Stopwatch.GetElapsedTime(scrapes[index - 1].StartedAt, latest.EndedAt) < TimeSpan.FromMilliseconds(BatchDelayMs - 1000))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"run: consumed=(?<consumed>\d+) decoded=\d+ dead_lettered=\d+ skipped_checkpointed=(?<skipped>\d+) chunks_completed=(?<completed>\d+)")]
    private static partial Regex SummaryLine();

    [GeneratedRegex(@"run: stopping: no more polling; draining (?<records>\d+) record\(s\) in flight")]
    private static partial Regex Draining();

    private static long CommittedTotal(string bootstrap, string group)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = group, EnableAutoCommit = false }).Build();
        var committed = consumer.Committed([.. Enumerable.Range(0, 4).Select(partition => new TopicPartition("sensors", partition))], TimeSpan.FromSeconds(10));
        return committed.Sum(offset => Math.Max(0, offset.Offset.Value));
    }

    private static WorkerProcess StartWorker(WorkerSetup setup, BrokerProcess broker, string listen) =>
        WorkerProcess.Start("run", "--topology", setup.TopologyPath, "--bootstrap", broker.BootstrapServers, "--instance-id", "graceful", "--commit-interval-ms", "200", "--listen", listen);
}
