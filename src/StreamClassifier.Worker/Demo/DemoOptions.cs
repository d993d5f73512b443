using StreamClassifier.Worker.Demo.Detection;

namespace StreamClassifier.Worker.Demo;

/// <summary>Settings of one demo run (the <c>demo</c> command's options).</summary>
internal sealed record DemoOptions
{
    /// <summary>The topology (its Kafka source, stream rules and model); its bootstrap is ignored: the demo always starts the embedded broker.</summary>
    public required string TopologyPath { get; init; }

    /// <summary>Folder of the WFDB records to replay.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Record names to replay; empty replays every annotated record in <see cref="DataDirectory"/>.</summary>
    public IReadOnlyList<string> Records { get; init; } = [];

    /// <summary>Multiple of real time; 0 publishes as fast as the broker takes it.</summary>
    public double Speed { get; init; } = 20;

    /// <summary>Wall-clock limit of the replay; null runs until everything is processed.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Replays only the first part of every record; null replays all of it.</summary>
    public TimeSpan? MaxSignal { get; init; }

    /// <summary>Samples per published record (90 = 0.25 s at 360 Hz, one window hop).</summary>
    public int SamplesPerRecord { get; init; } = 90;

    /// <summary>V beats at most this far apart form one episode.</summary>
    public double EpisodeGapSeconds { get; init; } = VentricularEpisodes.DefaultMaxGapSeconds;

    /// <summary>Widening of every episode when matching alerts.</summary>
    public double ToleranceSeconds { get; init; } = DetectionScorer.DefaultToleranceSeconds;

    /// <summary>Bound of every wait on the broker (start, assignment, draining after a stop).</summary>
    public TimeSpan WaitLimit { get; init; } = TimeSpan.FromSeconds(30);
}
