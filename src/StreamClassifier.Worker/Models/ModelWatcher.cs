using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamClassifier.Onnx;
using StreamClassifier.Onnx.Cards;
using StreamClassifier.Worker.Hosting;

namespace StreamClassifier.Worker.Models;

/// <summary>
/// Notices new model versions and hands them to <see cref="ModelReloader.TryReload"/>: file-system
/// events on each watched model file and its <c>.card.json</c>, plus a periodic comparison because
/// such events are unreliable on network, overlay and container file systems. Every trigger is
/// debounced per model (a copy in progress is loaded once it has settled), and all time comes from
/// the <see cref="IScheduler"/>, so tests drive it in virtual time.
/// </summary>
internal sealed class ModelWatcher : IDisposable
{
    private readonly Subject<string> changes = new();
    private readonly List<FileSystemWatcher> watchers = [];
    private readonly IDisposable subscription;

    /// <summary>Starts watching <see cref="ModelReloader.WatchedPaths"/>.</summary>
    /// <param name="reloader">Loads, validates and swaps.</param>
    /// <param name="scheduler">Debounce and poll timers; reloads run on it.</param>
    /// <param name="options">Debounce, poll interval, file-system events on or off.</param>
    /// <param name="logger">Where watch problems are logged (reloads log their own outcome).</param>
    public ModelWatcher(ModelReloader reloader, IScheduler scheduler, ModelWatchOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(reloader);
        ArgumentNullException.ThrowIfNull(scheduler);
        options ??= new ModelWatchOptions();
        options.Validate();
        logger ??= NullLogger.Instance;
        var paths = reloader.WatchedPaths;
        if (options.UseFileSystemEvents)
        {
            foreach (var path in paths)
            {
                Watch(path, logger);
            }
        }

        var polls = paths.Count == 0
            ? Observable.Empty<string>()
            : Observable.Interval(options.PollInterval, scheduler).SelectMany(_ => paths);
        subscription = changes.Synchronize().Merge(polls)
            .GroupBy(path => path, StringComparer.Ordinal)
            .SelectMany(perModel => perModel.Throttle(options.Debounce, scheduler))
            .ObserveOn(scheduler)
            .Subscribe(
                path =>
                {
                    try
                    {
                        reloader.TryReload(path);
                    }
                    catch (ObjectDisposedException)
                    {
                        // Shutting down.
                    }
                },
                error => ModelLog.WatchingStopped(logger, error, error.Message));
    }

    /// <summary>The model files watched.</summary>
    public int WatchedCount => watchers.Count;

    /// <summary>Reports a change of <paramref name="modelPath"/> as a file-system event would (debounced like one).</summary>
    public void NotifyChanged(string modelPath) => changes.OnNext(Path.GetFullPath(modelPath));

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }

        subscription.Dispose();
        changes.Dispose();
    }

    private void Watch(string modelPath, ILogger logger)
    {
        var folder = Path.GetDirectoryName(modelPath)!;
        var names = new HashSet<string>(StringComparer.Ordinal) { Path.GetFileName(modelPath), Path.GetFileName(ModelCardReader.SidecarPath(modelPath)) };
        try
        {
            var watcher = new FileSystemWatcher(folder)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            void OnEvent(string? fullPath)
            {
                if (fullPath is not null && names.Contains(Path.GetFileName(fullPath)))
                {
                    changes.OnNext(modelPath);
                }
            }

            watcher.Changed += (_, e) => OnEvent(e.FullPath);
            watcher.Created += (_, e) => OnEvent(e.FullPath);
            watcher.Renamed += (_, e) => OnEvent(e.FullPath);
            watcher.Error += (_, e) => ModelLog.FileEventsFailed(logger, folder, e.GetException().Message);
            watcher.EnableRaisingEvents = true;
            watchers.Add(watcher);
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            ModelLog.CannotWatch(logger, folder, exception.Message);
        }
    }
}
