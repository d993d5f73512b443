using StreamClassifier.Worker.Soak;

namespace StreamClassifier.Worker.Tests.Soak;

/// <summary>The soak's measuring parts: the least-squares line, histogram percentiles, the scrape reader, the kernel's view of a process.</summary>
public sealed class SoakMeasurementTests
{
    [Fact]
    public void The_trend_of_a_line_is_its_slope_and_noise_around_a_level_has_none()
    {
        var line = LinearTrend.Fit([.. Enumerable.Range(0, 10).Select(x => ((double)x, (double?)(3 + (2 * x))))]);
        Assert.Equal(2, line.Slope, 10);
        Assert.Equal(18, line.Growth, 10);

        var noise = LinearTrend.Fit([.. Enumerable.Range(0, 100).Select(x => ((double)x, (double?)(x % 2 == 0 ? 10 : 12)))]);
        Assert.True(Math.Abs(noise.Growth) < 0.1, $"{noise.Growth}");
        Assert.Equal(0, LinearTrend.Fit([(1, 5), (2, null)]).Slope);
    }

    [Fact]
    public void Histogram_percentiles_interpolate_inside_the_bucket_like_histogram_quantile()
    {
        var earlier = new CumulativeHistogram([0.1, 0.2, double.PositiveInfinity], [10, 10, 10]);
        var later = new CumulativeHistogram([0.1, 0.2, double.PositiveInfinity], [10, 110, 110]);

        var interval = later.Since(earlier);

        Assert.Equal(100, interval.Total);
        Assert.Equal(0.15, interval.Quantile(0.5)!.Value, 10);
        Assert.Equal(0.199, interval.Quantile(0.99)!.Value, 10);
        Assert.Null(CumulativeHistogram.Empty.Quantile(0.5));
        Assert.Equal(0.2, new CumulativeHistogram([0.1, 0.2, double.PositiveInfinity], [0, 0, 5]).Quantile(0.5));
    }

    [Fact]
    public void A_scrape_is_read_into_sums_maxima_and_histogram_buckets()
    {
        var scrape = MetricsScrape.Parse("""
            # HELP streamclassifier_consumer_lag Records
            # TYPE streamclassifier_consumer_lag gauge
            streamclassifier_consumer_lag{messaging_destination_partition_id="0",otel_scope_name="StreamClassifier"} 5 1712345678000
            streamclassifier_consumer_lag{messaging_destination_partition_id="1",otel_scope_name="StreamClassifier"} 7 1712345678000
            streamclassifier_alert_latency_seconds_bucket{streamclassifier_alert_state="raised",le="0.1"} 3
            streamclassifier_alert_latency_seconds_bucket{streamclassifier_alert_state="cleared",le="0.1"} 1
            streamclassifier_alert_latency_seconds_bucket{streamclassifier_alert_state="raised",le="+Inf"} 4
            streamclassifier_alert_latency_seconds_bucket{streamclassifier_alert_state="cleared",le="+Inf"} 2
            weird_label{a="x \"quoted\", y"} 1
            """);

        Assert.Equal(12, scrape.Sum("streamclassifier_consumer_lag"));
        Assert.Equal(7, scrape.Max("streamclassifier_consumer_lag"));
        Assert.Equal(5, scrape.Sum("streamclassifier_consumer_lag", ("messaging_destination_partition_id", "0")));
        Assert.Null(scrape.Sum("absent"));
        Assert.Equal(1, scrape.Sum("weird_label"));
        var histogram = scrape.Histogram("streamclassifier_alert_latency_seconds");
        Assert.Equal([0.1, double.PositiveInfinity], histogram.Bounds);
        Assert.Equal([4.0, 6.0], histogram.Counts);
    }

    [Fact]
    public void The_kernel_reports_this_process_memory_threads_and_descriptors()
    {
        var probe = ProcessProbe.Read(Environment.ProcessId);

        Assert.NotNull(probe);
        Assert.True(probe.Value.RssBytes > 1024 * 1024);
        Assert.True(probe.Value.Threads >= 2);
        Assert.True(probe.Value.OpenFiles >= 3);
        Assert.Null(ProcessProbe.Read(int.MaxValue));
    }
}
