using System.Reactive.Concurrency;
using System.Reactive.Subjects;

using StreamClassifier.Core.Records;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline.Events;

namespace StreamClassifier.Pipeline.Tests.Support;

/// <summary>A pipeline on a virtual clock, fed through a subject, recording every event.</summary>
public sealed class Harness : IDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    private readonly Subject<SampleChunk> input = new();
    private readonly IDisposable subscription;

    public Harness(TopologyDefinition topology, IReadOnlyDictionary<string, IWindowScorer> scorers, PipelineOptions? options = null, HistoricalScheduler? scheduler = null, Action<ClassificationPipeline>? beforeStart = null, Action<Harness, PipelineEvent>? onEvent = null)
    {
        Scheduler = scheduler ?? new HistoricalScheduler(Epoch);
        Pipeline = new ClassificationPipeline(topology, scorers, Scheduler, options);
        beforeStart?.Invoke(Pipeline);
        // onEvent runs inside the pipeline's own event handler, after the event is recorded (where the Kafka layer checkpoints).
        subscription = Pipeline.Process(input).Subscribe(
            pipelineEvent =>
            {
                Events.Add(pipelineEvent);
                onEvent?.Invoke(this, pipelineEvent);
            },
            error => Error = error,
            () => Completed = true);
    }

    public Harness(TopologyDefinition topology, IWindowScorer scorer, PipelineOptions? options = null, Action<ClassificationPipeline>? beforeStart = null, Action<Harness, PipelineEvent>? onEvent = null)
        : this(topology, topology.Streams.ToDictionary(stream => stream.Name, _ => scorer), options, beforeStart: beforeStart, onEvent: onEvent)
    {
    }

    public HistoricalScheduler Scheduler { get; }

    public ClassificationPipeline Pipeline { get; }

    public List<PipelineEvent> Events { get; } = [];

    public Exception? Error { get; private set; }

    public bool Completed { get; private set; }

    public IEnumerable<WindowScore> Scores => Events.OfType<WindowScored>().Select(e => e.Score);

    public IEnumerable<AlertRecord> Alerts => Events.OfType<AlertEmitted>().Select(e => e.Alert);

    public IEnumerable<SampleDrop> Drops => Events.OfType<SamplesDropped>().Select(e => e.Drop);

    public void Push(SampleChunk chunk) => input.OnNext(chunk);

    public void PushAll(IEnumerable<SampleChunk> chunks)
    {
        foreach (var chunk in chunks)
        {
            input.OnNext(chunk);
        }
    }

    public void Complete() => input.OnCompleted();

    public void Advance(TimeSpan by) => Scheduler.AdvanceBy(by);

    public void Dispose()
    {
        subscription.Dispose();
        Pipeline.Dispose();
        input.Dispose();
    }
}
