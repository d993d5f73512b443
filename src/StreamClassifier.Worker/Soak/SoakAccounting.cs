namespace StreamClassifier.Worker.Soak;

/// <summary>Where every produced record went, from the producer's acknowledgements and the worker's final counters.</summary>
internal sealed record SoakAccounting
{
    /// <summary>Records the broker acknowledged to the producer.</summary>
    public required long Produced { get; init; }

    /// <summary>Records the producer could not publish.</summary>
    public long ProduceFailures { get; init; }

    /// <summary>Records the pipeline received and completed (scored or windowed).</summary>
    public required long Processed { get; init; }

    /// <summary>Records dead-lettered.</summary>
    public required long DeadLettered { get; init; }

    /// <summary>Records the broker deleted before the worker read them.</summary>
    public required long SkippedByBroker { get; init; }

    /// <summary>Records in flight at the end (0 after a complete drain).</summary>
    public required long InFlightAtEnd { get; init; }

    /// <summary>Lag at the end (0 once everything is committed).</summary>
    public required long LagAtEnd { get; init; }

    /// <summary>The worker's exit code after SIGTERM (null: it had to be killed).</summary>
    public int? WorkerExitCode { get; init; }

    /// <summary>Records neither processed, dead-lettered nor skipped.</summary>
    public long Unaccounted => Produced - Processed - DeadLettered - SkippedByBroker;
}
