using Confluent.Kafka;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Worker.Telemetry;

namespace StreamClassifier.Worker.Tests.Telemetry;

/// <summary>Record lag turned into seconds from the high watermarks' history, and readiness while behind.</summary>
public sealed class LagTimelineTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_committed_offset_is_dated_between_the_observations_around_it()
    {
        var timeline = new LagTimeline(TimeSpan.FromHours(1));
        for (var second = 0; second <= 60; second += 5)
        {
            timeline.Observe(Start.AddSeconds(second), second * 100); // 100 records/s
        }

        var now = Start.AddSeconds(60);
        Assert.Equal(0, timeline.SecondsBehind(6000, now));
        Assert.Equal(20, timeline.SecondsBehind(4000, now), 6);
        Assert.Equal(17.5, timeline.SecondsBehind(4250, now), 6);
        Assert.Equal(60, timeline.SecondsBehind(0, now), 6);
    }

    [Fact]
    public void A_position_older_than_the_horizon_is_reported_as_at_least_the_horizon()
    {
        var timeline = new LagTimeline(TimeSpan.FromSeconds(30));
        for (var second = 0; second <= 120; second += 5)
        {
            timeline.Observe(Start.AddSeconds(second), 1000 + (second * 10));
        }

        var behind = timeline.SecondsBehind(1000, Start.AddSeconds(120));

        Assert.InRange(behind, 30, 36);
    }

    [Fact]
    public void An_idle_partition_at_its_head_is_not_behind_however_old_its_last_record()
    {
        var timeline = new LagTimeline(TimeSpan.FromHours(1));
        timeline.Observe(Start, 500);
        timeline.Observe(Start.AddMinutes(30), 500);

        Assert.Equal(0, timeline.SecondsBehind(500, Start.AddMinutes(30)));
        Assert.Equal(0, new LagTimeline(TimeSpan.FromHours(1)).SecondsBehind(0, Start));
    }

    [Fact]
    public void Readiness_fails_above_the_bound_with_the_lag_and_recovers_below_half_of_it()
    {
        var lag = (Seconds: 0.0, Records: 0L);
        var readiness = new LagReadiness(() => lag, maxLagSeconds: 30, "sensors.ecg");

        Assert.Null(readiness.Check());
        lag = (31, 12_345);
        var reason = readiness.Check();
        Assert.NotNull(reason);
        Assert.Contains("behind by 31 s (12,345 records) on sensors.ecg", reason, StringComparison.Ordinal);
        Assert.Contains("worker.ready_max_lag_s: 30", reason, StringComparison.Ordinal);
        lag = (20, 8000);
        Assert.NotNull(readiness.Check()); // still above half the bound: no flapping at the edge
        lag = (14, 5000);
        Assert.Null(readiness.Check());
        lag = (29, 9000);
        Assert.Null(readiness.Check());
    }

    [Fact]
    public void A_bound_of_zero_never_reports_lag()
    {
        var readiness = new LagReadiness(() => (3600, 1_000_000), maxLagSeconds: 0, "sensors.ecg");

        Assert.Null(readiness.Check());
    }

    [Fact]
    public void The_lag_monitor_dates_each_owned_partitions_committed_position()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 1);
        cluster.CreateTopic("sensors.lagtime", partitions: 2);
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        void Produce(int count)
        {
            for (var index = 0; index < count; index++)
            {
                producer.Produce(new TopicPartition("sensors.lagtime", 0), new Message<Null, string> { Value = $"r{index}" });
            }

            producer.Flush(TimeSpan.FromSeconds(10));
        }

        Produce(5);
        using var monitor = new ConsumerLagMonitor(cluster.BootstrapServers, "lagtime-group", "sensors.lagtime", () => [0, 1], TimeSpan.FromHours(1));
        monitor.Refresh();
        Thread.Sleep(1500); // the position must age on the wall clock the monitor dates it with
        Produce(5);
        monitor.Refresh();

        Assert.True(monitor.BrokerReachable, monitor.LastError);
        Assert.Equal([0, 1], monitor.LatestSeconds.Keys.Order());
        Assert.True(monitor.LatestSeconds[0] >= 1.4, $"partition 0 is {monitor.LatestSeconds[0]} s behind");
        Assert.Equal(0, monitor.LatestSeconds[1]);
        var (seconds, records) = monitor.Worst();
        Assert.Equal(monitor.LatestSeconds[0], seconds);
        Assert.Equal(10, records);
    }
}
