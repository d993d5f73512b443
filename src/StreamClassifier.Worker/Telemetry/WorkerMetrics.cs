using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Codecs;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Counters;

namespace StreamClassifier.Worker.Telemetry;

/// <summary>
/// The worker's instruments on the one <see cref="Meter"/> and <see cref="ActivitySource"/> named
/// <see cref="TelemetryNames.Source"/>. Totals the pipeline and the Kafka worker already keep
/// (<see cref="PipelineCounters"/>, <see cref="KafkaWorkerCounters"/>) are exported as observable
/// counters read at collection time, so the hot path pays nothing and the exported totals are the very
/// numbers that reconcile; timings are histograms recorded where they happen. No attribute carries a
/// sensor id: every attribute value comes from a small fixed set (topics, partitions, kinds, models).
/// </summary>
internal sealed class WorkerMetrics : IDisposable
{
    private static readonly double[] SecondsBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly int[] BatchBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

    private readonly Histogram<double> inferenceDuration;
    private readonly Histogram<int> batchSize;
    private readonly Histogram<double> alertLatency;
    private readonly Histogram<double> recordLatency;
    private readonly Histogram<double> windowLatency;
    private readonly Counter<long> modelSwaps;
    private volatile Func<IEnumerable<(string Model, string Version)>>? servingModels;
    private readonly TimeProvider clock;
    private volatile PipelineCounters? pipeline;
    private volatile KafkaSource? kafka;
    private volatile ConsumerLagMonitor? lag;

    /// <summary>Creates the meter, the activity source and every instrument.</summary>
    /// <param name="clock">Wall clock for the alert latency (tests pass a fixed one).</param>
    public WorkerMetrics(TimeProvider? clock = null)
    {
        this.clock = clock ?? TimeProvider.System;
        Meter = new Meter(TelemetryNames.Source, typeof(WorkerMetrics).Assembly.GetName().Version?.ToString());
        ActivitySource = new ActivitySource(TelemetryNames.Source);

        Meter.CreateObservableCounter(TelemetryNames.ConsumedMessages, () => ObserveSource(counters => counters.Consumed), "{record}", "Records read from the source topic.");
        Meter.CreateObservableCounter(TelemetryNames.SentMessages, ObserveSent, "{alert}", "Alerts the broker acknowledged on the alerts topic.");
        Meter.CreateObservableCounter(TelemetryNames.DeadLetters, ObserveDeadLetters, "{record}", "Records dead-lettered, by error kind.");
        Meter.CreateObservableCounter(TelemetryNames.SkippedCheckpointed, () => ObserveSource(counters => counters.SkippedCheckpointed), "{record}", "Records read again after a restart that a restored sensor checkpoint already contains (not applied twice).");
        Meter.CreateObservableGauge(TelemetryNames.RecordsInFlight, () => ObserveSource(counters => counters.InPipeline), "{record}", "Records fed to the pipeline whose processing is not complete yet (windows waiting for their batch, scoring, alerts).");
        Meter.CreateObservableCounter(TelemetryNames.Commits, () => ObserveSource(counters => counters.Commits), "{commit}", "Offset commits made; each covers only completed work.");
        Meter.CreateObservableCounter(TelemetryNames.AlertsAlreadyPublished, ObserveAlertsAlreadyPublished, "{alert}", "Exactly-once: regenerated alerts withheld because the read-back after a restart found them already published.");
        Meter.CreateObservableCounter(TelemetryNames.DeadLettersAlreadyPublished, () => ObserveSource(counters => counters.DeadLettersAlreadyPublished), "{record}", "Exactly-once: dead letters withheld because the read-back after a restart found them already published (the records still count as dead-lettered).");
        Meter.CreateObservableCounter(TelemetryNames.Records, () => pipeline?.Records ?? 0, "{record}", "Records (chunks) the pipeline received.");
        Meter.CreateObservableCounter(TelemetryNames.Samples, () => pipeline?.SamplesIn ?? 0, "{sample}", "Samples the pipeline received.");
        Meter.CreateObservableCounter(TelemetryNames.SamplesDropped, ObserveDrops, "{sample}", "Samples dropped, by reason.");
        Meter.CreateObservableCounter(TelemetryNames.Windows, () => pipeline?.Windows ?? 0, "{window}", "Windows completed.");
        Meter.CreateObservableCounter(TelemetryNames.WindowsScored, () => pipeline?.WindowsScored ?? 0, "{window}", "Windows scored.");
        Meter.CreateObservableCounter(TelemetryNames.Alerts, ObserveAlerts, "{alert}", "Alerts emitted, by state.");
        Meter.CreateObservableGauge(TelemetryNames.ActiveSensors, () => pipeline?.ActiveSensors ?? 0, "{sensor}", "Sensors with state held now.");
        Meter.CreateObservableGauge(TelemetryNames.ConsumerLag, ObserveLag, "{record}", "Records of a partition not yet committed by the group.");
        Meter.CreateObservableGauge(TelemetryNames.ConsumerLagSeconds, ObserveLagSeconds, "s", "How far behind the head of a partition the group's committed position is: seconds since the log's head was at the committed offset.");

        inferenceDuration = Meter.CreateHistogram(
            TelemetryNames.InferenceDuration, "s", "ONNX Runtime time per scoring batch.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        batchSize = Meter.CreateHistogram(
            TelemetryNames.BatchSize, "{window}", "Windows per scoring batch.", tags: null,
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchBuckets });
        alertLatency = Meter.CreateHistogram(
            TelemetryNames.AlertLatency, "s", "Receipt (poll) of the record that completed the alert's window to the broker's acknowledgement of the alert.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        recordLatency = Meter.CreateHistogram(
            TelemetryNames.AlertRecordLatency, "s", "Kafka timestamp of the record that completed the alert's window to the broker's acknowledgement of the alert.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        windowLatency = Meter.CreateHistogram(
            TelemetryNames.AlertWindowLatency, "s", "End of the alert's window (sensor clock) to the broker's acknowledgement of the alert.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        modelSwaps = Meter.CreateCounter<long>(TelemetryNames.ModelSwaps, "{swap}", "Model hot-swap attempts, by outcome (swapped or rejected).");
        Meter.CreateObservableGauge(TelemetryNames.ModelServing, ObserveServingModels, "{model}", "1 for each model version serving now (labels: model name and version).");

        // Retention outran the group: records deleted before they were read (source topic labels, no sensor).
        Meter.CreateObservableCounter(TelemetryNames.SkippedByBroker, ObserveSkippedByBroker, "{record}", "Records of the source topic the broker deleted (retention) before the worker read them; never classified.");
    }

    /// <summary>The meter every instrument lives on.</summary>
    public Meter Meter { get; }

    /// <summary>The activity source (one activity per scoring batch).</summary>
    public ActivitySource ActivitySource { get; }

    /// <summary>Exports the totals of <paramref name="counters"/> (records, samples, windows, alerts, drops, active sensors).</summary>
    public void AttachPipeline(PipelineCounters counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        pipeline = counters;
    }

    /// <summary>Exports the record totals of a Kafka worker reading <paramref name="source"/>.</summary>
    /// <param name="counters">The worker's counters.</param>
    /// <param name="source">The topology's Kafka source (topic and group label the series).</param>
    /// <param name="alertsTopic">The alerts topic, if any.</param>
    public void AttachKafka(KafkaWorkerCounters counters, KafkaSourceSpec source, string? alertsTopic)
    {
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(source);
        kafka = new KafkaSource(counters, source.Topic, source.Group, alertsTopic);
    }

    /// <summary>Exports the per-partition lag <paramref name="monitor"/> measures.</summary>
    public void AttachLag(ConsumerLagMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        lag = monitor;
    }

    /// <summary>Records one scoring batch.</summary>
    /// <param name="model">Model name (bounded: one per stream).</param>
    /// <param name="windows">Windows in the batch.</param>
    /// <param name="elapsed">Time ONNX Runtime took.</param>
    public void RecordBatch(string model, int windows, TimeSpan elapsed)
    {
        var modelTag = new KeyValuePair<string, object?>(TelemetryNames.ModelName, model);
        inferenceDuration.Record(elapsed.TotalSeconds, modelTag);
        batchSize.Record(windows, modelTag);
    }

    /// <summary>
    /// Records the latencies of an alert the broker just acknowledged: from the record's receipt
    /// (<see cref="TelemetryNames.AlertLatency"/>), from its Kafka timestamp and from the window's end.
    /// </summary>
    public void RecordAlertDelivered(AlertDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var stateTag = new KeyValuePair<string, object?>(TelemetryNames.AlertState, delivery.Alert.State);
        var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (delivery.SinceReceived is { } sinceReceived)
        {
            alertLatency.Record(Math.Max(0, sinceReceived.TotalSeconds), stateTag);
        }

        if (delivery.RecordTimestampMs is { } recordMs)
        {
            recordLatency.Record(Math.Max(0, (nowMs - recordMs) / 1000.0), stateTag);
        }

        windowLatency.Record(Math.Max(0, (nowMs - delivery.Alert.WindowEndMs) / 1000.0), stateTag);
    }

    /// <summary>Records the window-end latency of an alert the broker just acknowledged (when the record's receipt is unknown).</summary>
    public void RecordAlertAcknowledged(AlertRecord alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        RecordAlertDelivered(new AlertDelivery(alert, null, null));
    }

    /// <summary>Counts a model hot-swap attempt.</summary>
    /// <param name="model">Model name (bounded: one per stream).</param>
    /// <param name="swapped">True when the candidate was swapped in, false when it was rejected.</param>
    public void RecordModelSwap(string model, bool swapped) =>
        modelSwaps.Add(1, new KeyValuePair<string, object?>(TelemetryNames.ModelName, model), new KeyValuePair<string, object?>(TelemetryNames.SwapOutcome, swapped ? "swapped" : "rejected"));

    /// <summary>Exports the model versions serving now (read at collection time).</summary>
    public void AttachModels(Func<IEnumerable<(string Model, string Version)>> serving)
    {
        ArgumentNullException.ThrowIfNull(serving);
        servingModels = serving;
    }

    /// <summary>The wire name of a drop reason (<c>UnknownSensor</c> → <c>unknown_sensor</c>).</summary>
    public static string WireName(DropReason reason) => SnakeCase(reason.ToString());

    /// <summary>The wire name of an alert state (<c>raised</c>, <c>cleared</c>).</summary>
    public static string WireName(AlertState state) => SnakeCase(state.ToString());

    /// <inheritdoc />
    public void Dispose()
    {
        Meter.Dispose();
        ActivitySource.Dispose();
    }

    private static string SnakeCase(string pascal)
    {
        var text = new StringBuilder(pascal.Length + 4);
        for (var index = 0; index < pascal.Length; index++)
        {
            if (char.IsUpper(pascal[index]) && index > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(pascal[index]));
        }

        return text.ToString();
    }

    private IEnumerable<Measurement<long>> ObserveSent()
    {
        if (kafka is { AlertsTags: { } tags } source)
        {
            yield return new Measurement<long>(source.Counters.AlertsAcknowledged, tags);
        }
    }

    /// <summary>One total of the Kafka worker, labelled with the source topic and group (nothing before a Kafka worker is attached).</summary>
    private IEnumerable<Measurement<long>> ObserveSource(Func<KafkaWorkerCounters, long> read)
    {
        if (kafka is { } source)
        {
            yield return new Measurement<long>(read(source.Counters), source.SourceTags);
        }
    }

    private IEnumerable<Measurement<long>> ObserveAlertsAlreadyPublished()
    {
        if (kafka is { AlertsTags: { } tags } source)
        {
            yield return new Measurement<long>(source.Counters.AlertsAlreadyPublished, tags);
        }
    }

    private IEnumerable<Measurement<long>> ObserveDeadLetters()
    {
        if (kafka is not { } source)
        {
            yield break;
        }

        // Every kind is reported, zeros included, so a dashboard's rate() has a series from the start.
        foreach (var kind in DecodeErrors.All)
        {
            yield return new Measurement<long>(
                source.Counters.DeadLetteredFor(kind),
                [.. source.SourceTags, new(TelemetryNames.ErrorType, DecodeErrors.WireName(kind))]);
        }
    }

    private IEnumerable<Measurement<long>> ObserveDrops()
    {
        if (pipeline is not { } counters)
        {
            yield break;
        }

        foreach (var reason in Enum.GetValues<DropReason>())
        {
            yield return new Measurement<long>(counters.SamplesDroppedFor(reason), new KeyValuePair<string, object?>(TelemetryNames.DropReason, WireName(reason)));
        }
    }

    private IEnumerable<Measurement<long>> ObserveAlerts()
    {
        if (pipeline is not { } counters)
        {
            yield break;
        }

        foreach (var state in Enum.GetValues<AlertState>())
        {
            yield return new Measurement<long>(counters.Alerts(state), new KeyValuePair<string, object?>(TelemetryNames.AlertState, WireName(state)));
        }
    }

    private IEnumerable<Measurement<long>> ObserveServingModels()
    {
        if (servingModels is not { } serving)
        {
            yield break;
        }

        foreach (var (model, version) in serving())
        {
            yield return new Measurement<long>(1, new(TelemetryNames.ModelName, model), new(TelemetryNames.ModelVersion, version));
        }
    }

    private IEnumerable<Measurement<long>> ObserveLag()
    {
        if (lag is not { } monitor)
        {
            yield break;
        }

        foreach (var (partition, records) in monitor.Latest)
        {
            yield return new Measurement<long>(records, [.. monitor.Tags, new(TelemetryNames.PartitionId, partition.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }
    }

    private IEnumerable<Measurement<double>> ObserveLagSeconds()
    {
        if (lag is not { } monitor)
        {
            yield break;
        }

        foreach (var (partition, seconds) in monitor.LatestSeconds)
        {
            yield return new Measurement<double>(seconds, [.. monitor.Tags, new(TelemetryNames.PartitionId, partition.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }
    }

    private IEnumerable<Measurement<long>> ObserveSkippedByBroker()
    {
        if (kafka is { } source)
        {
            yield return new Measurement<long>(source.Counters.SkippedByBroker, source.SourceTags);
        }
    }

    private sealed class KafkaSource
    {
        public KafkaSource(KafkaWorkerCounters counters, string topic, string group, string? alertsTopic)
        {
            Counters = counters;
            SourceTags =
            [
                new(TelemetryNames.MessagingSystem, "kafka"),
                new(TelemetryNames.DestinationName, topic),
                new(TelemetryNames.ConsumerGroup, group),
            ];
            AlertsTags = alertsTopic is null ? null :
            [
                new(TelemetryNames.MessagingSystem, "kafka"),
                new(TelemetryNames.DestinationName, alertsTopic),
            ];
        }

        public KafkaWorkerCounters Counters { get; }

        public KeyValuePair<string, object?>[] SourceTags { get; }

        public KeyValuePair<string, object?>[]? AlertsTags { get; }
    }
}
