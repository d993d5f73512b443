namespace StreamClassifier.Worker.Demo;

/// <summary>Why a demo run ended.</summary>
internal enum DemoStop
{
    /// <summary>Every replayed record was processed.</summary>
    Completed,

    /// <summary><c>--duration</c> elapsed; what was published by then was processed.</summary>
    DurationElapsed,

    /// <summary>Ctrl-C or SIGTERM; the summary covers what was processed so far.</summary>
    Cancelled,

    /// <summary>The worker stopped on a fatal error (<see cref="DemoSummary.Error"/>).</summary>
    Failed,
}
