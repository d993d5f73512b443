using System.Diagnostics;
using System.Globalization;
using StreamClassifier.Kafka.Tests.Support;

namespace StreamClassifier.Kafka.Tests.Chaos;

/// <summary>
/// One seeded chaos run: a broker process (3 brokers, fault commands on stdin), 2–3 worker processes
/// in one group, the test's producer, and the schedule's rounds. Each round publishes its input while
/// its fault strikes, heals, waits until the group has processed everything, and checks the invariants
/// (<see cref="ChaosInvariants"/>). The first violation ends the run with the seed, the schedule and
/// the workers' logs.
/// </summary>
public sealed class ChaosRun : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(120);
    private readonly ChaosSchedule schedule;
    private readonly string delivery;
    private readonly Action<string> log;
    private readonly string group;
    private readonly BrokerProcess broker;
    private readonly WorkerSetup setup;
    private readonly ChaosInput input;
    private readonly List<ChaosWorker> workers;
    private int modelVersion = 1;

    /// <summary>Starts the broker, writes the model, topology and recording, and starts the workers.</summary>
    public ChaosRun(ChaosSchedule schedule, string delivery, Action<string> log)
    {
        this.schedule = schedule;
        this.delivery = delivery;
        this.log = log;
        group = "chaos-" + delivery.Replace('_', '-');
        broker = BrokerProcess.Start(ChaosSchedule.Brokers, ChaosSchedule.Partitions, faults: true, "sensors", group + ".checkpoints", "alerts", "dlq");
        setup = WorkerSetup.Create(broker.BootstrapServers, group, sensors: 6, samplesPerSensor: schedule.Rounds.Count * ChaosInput.SamplesPerRound, delivery: delivery, chunk: ChaosInput.SamplesPerRecord, maxInFlight: 100, sessionTimeoutMs: ChaosSchedule.SessionTimeoutMs);
        input = new ChaosInput(setup, broker.BootstrapServers);
        workers = [.. Enumerable.Range(1, schedule.Workers).Select(i => new ChaosWorker(string.Create(CultureInfo.InvariantCulture, $"w{i}"), setup.TopologyPath, broker.BootstrapServers))];
    }

    private bool ExactlyOnce => delivery == "exactly_once";

    /// <summary>Runs every round; throws <see cref="ChaosFailure"/> at the first violated invariant.</summary>
    public void Execute()
    {
        var total = Stopwatch.StartNew();
        CheckOracleAgainstScoreCommand();
        var random = new Random(schedule.Seed);
        foreach (var round in schedule.Rounds)
        {
            var watch = Stopwatch.StartNew();
            var publishing = input.Publish(round.Number, round.BadRecords, round.SpreadMs, random);
            Thread.Sleep(round.Fault.DelayMs); // when the fault strikes within the round
            List<string> notes;
            try
            {
                notes = Strike(round.Fault);
            }
            catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
            {
                throw Failure(round, ["the fault could not be applied: " + exception.Message.Split('\n')[0]]);
            }
            try
            {
                publishing.Wait(Settle);
            }
            catch (AggregateException exception)
            {
                throw Failure(round, [exception.InnerException?.Message ?? exception.Message]);
            }

            notes.AddRange(workers.Select(w => w.RestartIfExited()).OfType<string>());
            var expected = input.ExpectedAlerts(round.Number);
            var check = new ChaosInvariants(broker.BootstrapServers, group, ExactlyOnce, Settle).Check(expected, input.BadSources, [.. workers.Select(w => w.Log)]);
            var violations = notes.Where(n => n.Contains("exited on its own", StringComparison.Ordinal) || n.StartsWith("violation", StringComparison.Ordinal)).Concat(check.Violations).ToList();
            if (violations.Count > 0)
            {
                throw Failure(round, violations);
            }

            log(string.Create(CultureInfo.InvariantCulture, $"{round}: ok in {watch.Elapsed.TotalSeconds:0.0} s — {check.Summary}{(notes.Count > 0 ? "; " + string.Join("; ", notes) : string.Empty)}"));
        }

        log(string.Create(CultureInfo.InvariantCulture, $"seed {schedule.Seed} ({delivery}, {schedule.Workers} workers): {schedule.Rounds.Count} rounds passed in {total.Elapsed.TotalMinutes:0.0} min; {input.Published} records published (fullest source partition {input.LargestPartitionBytes / 1024.0:0} KiB); faults {schedule.FaultCounts()}; worker starts {string.Join(", ", workers.Select(w => $"{w.Instance} {w.Starts}"))}"));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var worker in workers)
        {
            worker.Dispose();
        }

        input.Dispose();
        setup.Dispose();
        broker.Dispose();
    }

    /// <summary>The in-test oracle is the pipeline <c>streamclassifier score</c> runs: the score command (another process) must agree on the whole recording.</summary>
    private void CheckOracleAgainstScoreCommand()
    {
        var score = setup.ScoreCommandAlertIds();
        var oracle = input.ExpectedAlerts(schedule.Rounds.Count);
        if (!score.SetEquals(oracle.Keys))
        {
            throw new ChaosFailure($"seed {schedule.Seed}: the score command and the in-test oracle disagree on the whole recording ({score.Count} vs {oracle.Count} alerts)");
        }
    }

    private List<string> Strike(ChaosFault fault)
    {
        var notes = new List<string>();
        switch (fault.Kind)
        {
            case ChaosFaultKind.Kill9:
                workers[fault.Worker].Kill9();
                break;
            case ChaosFaultKind.Pause:
                workers[fault.Worker].Pause(TimeSpan.FromMilliseconds(fault.DurationMs));
                break;
            case ChaosFaultKind.GracefulRestart:
                var exit = workers[fault.Worker].GracefulRestart(Settle);
                if (exit != 0)
                {
                    notes.Add(string.Create(CultureInfo.InvariantCulture, $"violation: w{fault.Worker + 1} exited with {exit} on SIGTERM"));
                }

                break;
            case ChaosFaultKind.BrokerDown:
                broker.Inject(fault.Command!);
                Thread.Sleep(fault.DurationMs); // the outage's length
                broker.Inject(fault.Command!.Replace("down", "up", StringComparison.Ordinal));
                break;
            case ChaosFaultKind.Latency:
                broker.Inject(fault.Command!);
                Thread.Sleep(fault.DurationMs); // how long the latency lasts
                broker.Inject(string.Join(' ', fault.Command!.Split(' ')[..2]) + " 0");
                break;
            case ChaosFaultKind.LeaderChange:
            case ChaosFaultKind.RequestErrors:
                broker.Inject(fault.Command!);
                break;
            case ChaosFaultKind.ModelSwap:
                notes.AddRange(SwapModel());
                break;
        }

        return notes;
    }

    private List<string> SwapModel()
    {
        modelVersion++;
        var version = modelVersion;
        var running = workers.Where(w => !w.Current.HasExited).ToList();
        ChaosModel.SwapIn(Path.Combine(setup.Folder.Path, "model.onnx"), version);
        var notes = new List<string>();
        foreach (var worker in running)
        {
            try
            {
                // A worker that was still starting may load the new version directly instead of swapping it in.
                var swapped = string.Create(CultureInfo.InvariantCulture, $"model: swapped in 'chaos' v{version} ");
                var loaded = string.Create(CultureInfo.InvariantCulture, $"run: models loaded: 'chaos' v{version}.");
                worker.Current.WaitForLine(l => l.StartsWith(swapped, StringComparison.Ordinal) || l.StartsWith(loaded, StringComparison.Ordinal), TimeSpan.FromSeconds(60), $"{worker.Instance} to swap in model v{version}");
            }
            catch (TimeoutException exception)
            {
                notes.Add("violation: " + exception.Message.Split('\n')[0]);
            }
        }

        return notes;
    }

    private ChaosFailure Failure(ChaosRound round, IEnumerable<string> violations)
    {
        var logs = string.Join("\n", workers.Select(w => $"===== {w.Instance} (stderr, last 6000 chars) =====\n{Tail(w.Log, 6000)}"));
        return new ChaosFailure(
            $"Chaos run failed at {round}\n" +
            $"violations:\n  {string.Join("\n  ", violations)}\n" +
            $"re-run this seed: STREAMCLASSIFIER_CHAOS_SEED={schedule.Seed} STREAMCLASSIFIER_CHAOS_ROUNDS={schedule.Rounds.Count} dotnet test tests/StreamClassifier.Kafka.Tests --filter \"FullyQualifiedName~ChaosRoundsTests.{(ExactlyOnce ? "Exactly_once" : "At_least_once")}\"\n" +
            $"schedule ({delivery}): {schedule}\n" +
            $"broker:\n{Tail(broker.Process.Errors, 2000)}\n{logs}");
    }

    private static string Tail(string text, int chars) => text.Length <= chars ? text : text[^chars..];
}

