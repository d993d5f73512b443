using Microsoft.Extensions.Logging;

namespace StreamClassifier.Worker.Hosting;

/// <summary>
/// The event ids of the worker host's log (stable: log pipelines may filter on them); the Kafka layer's
/// are <c>StreamClassifier.Kafka.KafkaLogEvents</c> (100 and up). Messages keep the <c>run:</c> and
/// <c>model:</c> prefixes the plain format shows.
/// </summary>
internal static partial class LogEvents
{
    /// <summary>Start-up: the topology, the endpoint, the embedded broker.</summary>
    public static readonly EventId Starting = new(1, nameof(Starting));

    /// <summary>The telemetry endpoint is listening, or could not start.</summary>
    public static readonly EventId Telemetry = new(2, nameof(Telemetry));

    /// <summary>Every model is loaded and checked.</summary>
    public static readonly EventId ModelsLoaded = new(3, nameof(ModelsLoaded));

    /// <summary>A bad topology or model stopped the worker at start.</summary>
    public static readonly EventId BadConfiguration = new(4, nameof(BadConfiguration));

    /// <summary>The Kafka worker stopped on a fatal error without committing.</summary>
    public static readonly EventId Fatal = new(11, nameof(Fatal));

    /// <summary>A candidate model was validated and swapped in.</summary>
    public static readonly EventId ModelSwapped = new(20, nameof(ModelSwapped));

    /// <summary>A candidate model was rejected; the old one keeps serving.</summary>
    public static readonly EventId ModelRejected = new(21, nameof(ModelRejected));

    /// <summary>The model watcher could not watch a folder and relies on polling.</summary>
    public static readonly EventId ModelWatch = new(22, nameof(ModelWatch));

    /// <summary>SIGTERM/Ctrl-C: the graceful stop begins.</summary>
    public static readonly EventId ShutdownRequested = new(30, nameof(ShutdownRequested));

    /// <summary>The graceful stop finished: drained, committed, left the group.</summary>
    public static readonly EventId ShutdownCompleted = new(31, nameof(ShutdownCompleted));

    /// <summary>The shutdown deadline passed; uncommitted work is redone after a restart.</summary>
    public static readonly EventId ShutdownAbandoned = new(32, nameof(ShutdownAbandoned));

    /// <summary>The final totals.</summary>
    public static readonly EventId Summary = new(33, nameof(Summary));
}
