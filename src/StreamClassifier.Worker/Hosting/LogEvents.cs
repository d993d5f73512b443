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
    public static readonly EventId Starting = new(Ids.Starting, nameof(Starting));

    /// <summary>The telemetry endpoint is listening, or could not start.</summary>
    public static readonly EventId Telemetry = new(Ids.Telemetry, nameof(Telemetry));

    /// <summary>Every model is loaded and checked.</summary>
    public static readonly EventId ModelsLoaded = new(Ids.ModelsLoaded, nameof(ModelsLoaded));

    /// <summary>A bad topology or model stopped the worker at start.</summary>
    public static readonly EventId BadConfiguration = new(Ids.BadConfiguration, nameof(BadConfiguration));

    /// <summary>The Kafka worker stopped on a fatal error without committing.</summary>
    public static readonly EventId Fatal = new(Ids.Fatal, nameof(Fatal));

    /// <summary>A candidate model was validated and swapped in.</summary>
    public static readonly EventId ModelSwapped = new(Ids.ModelSwapped, nameof(ModelSwapped));

    /// <summary>A candidate model was rejected; the old one keeps serving.</summary>
    public static readonly EventId ModelRejected = new(Ids.ModelRejected, nameof(ModelRejected));

    /// <summary>The model watcher could not watch a folder and relies on polling.</summary>
    public static readonly EventId ModelWatch = new(Ids.ModelWatch, nameof(ModelWatch));

    /// <summary>SIGTERM/Ctrl-C: the graceful stop begins.</summary>
    public static readonly EventId ShutdownRequested = new(Ids.ShutdownRequested, nameof(ShutdownRequested));

    /// <summary>The graceful stop finished: drained, committed, left the group.</summary>
    public static readonly EventId ShutdownCompleted = new(Ids.ShutdownCompleted, nameof(ShutdownCompleted));

    /// <summary>The shutdown deadline passed; uncommitted work is redone after a restart.</summary>
    public static readonly EventId ShutdownAbandoned = new(Ids.ShutdownAbandoned, nameof(ShutdownAbandoned));

    /// <summary>The final totals.</summary>
    public static readonly EventId Summary = new(Ids.Summary, nameof(Summary));

    /// <summary>The ids as constants, for source-generated <c>LoggerMessage</c> methods (<see cref="RunLog"/>).</summary>
    public static class Ids
    {
        /// <summary>The id of <see cref="LogEvents.Starting"/>.</summary>
        public const int Starting = 1;

        /// <summary>The id of <see cref="LogEvents.Telemetry"/>.</summary>
        public const int Telemetry = 2;

        /// <summary>The id of <see cref="LogEvents.ModelsLoaded"/>.</summary>
        public const int ModelsLoaded = 3;

        /// <summary>The id of <see cref="LogEvents.BadConfiguration"/>.</summary>
        public const int BadConfiguration = 4;

        /// <summary>The id of <see cref="LogEvents.Fatal"/>.</summary>
        public const int Fatal = 11;

        /// <summary>The id of <see cref="LogEvents.ModelSwapped"/>.</summary>
        public const int ModelSwapped = 20;

        /// <summary>The id of <see cref="LogEvents.ModelRejected"/>.</summary>
        public const int ModelRejected = 21;

        /// <summary>The id of <see cref="LogEvents.ModelWatch"/>.</summary>
        public const int ModelWatch = 22;

        /// <summary>The id of <see cref="LogEvents.ShutdownRequested"/>.</summary>
        public const int ShutdownRequested = 30;

        /// <summary>The id of <see cref="LogEvents.ShutdownCompleted"/>.</summary>
        public const int ShutdownCompleted = 31;

        /// <summary>The id of <see cref="LogEvents.ShutdownAbandoned"/>.</summary>
        public const int ShutdownAbandoned = 32;

        /// <summary>The id of <see cref="LogEvents.Summary"/>.</summary>
        public const int Summary = 33;
    }
}
