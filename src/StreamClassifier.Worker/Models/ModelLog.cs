using Microsoft.Extensions.Logging;

using StreamClassifier.Worker.Hosting;

namespace StreamClassifier.Worker.Models;

/// <summary>What model reloading and watching log, as source-generated <see cref="LoggerMessage"/> methods with the ids of <see cref="LogEvents"/>.</summary>
internal static partial class ModelLog
{
    [LoggerMessage(EventId = LogEvents.Ids.ModelSwapped, EventName = nameof(LogEvents.ModelSwapped), Level = LogLevel.Information, Message = "model: swapped in '{Model}' v{Version} from {Path} for stream(s) {Streams} (was '{OldModel}' v{OldVersion}; {Threshold}); windows from the next batch on use it.")]
    public static partial void Swapped(ILogger logger, string model, string version, string path, string streams, string oldModel, string oldVersion, string threshold);

    [LoggerMessage(EventId = LogEvents.Ids.ModelRejected, EventName = nameof(LogEvents.ModelRejected), Level = LogLevel.Warning, Message = "model: rejected the new version of {Path}: {Reason} Still serving '{Model}' v{Version}; fix the file (write it elsewhere and rename it into place) and the worker tries again.")]
    public static partial void Rejected(ILogger logger, string path, string reason, string model, string version);

    [LoggerMessage(EventId = LogEvents.Ids.ModelWatch, Level = LogLevel.Error, Message = "model: watching stopped: {Reason}; new model versions need a restart.")]
    public static partial void WatchingStopped(ILogger logger, Exception exception, string reason);

    [LoggerMessage(EventId = LogEvents.Ids.ModelWatch, Level = LogLevel.Warning, Message = "model: file events for {Folder} failed ({Reason}); polling still notices new versions.")]
    public static partial void FileEventsFailed(ILogger logger, string folder, string reason);

    [LoggerMessage(EventId = LogEvents.Ids.ModelWatch, Level = LogLevel.Warning, Message = "model: cannot watch {Folder} for file events ({Reason}); polling still notices new versions.")]
    public static partial void CannotWatch(ILogger logger, string folder, string reason);
}
