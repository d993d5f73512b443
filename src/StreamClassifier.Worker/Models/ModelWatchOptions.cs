namespace StreamClassifier.Worker.Models;

/// <summary>How <see cref="ModelWatcher"/> notices a new model version.</summary>
internal sealed record ModelWatchOptions
{
    /// <summary>Changes are acted on once the files have been quiet this long (a copy in progress is not loaded half-written).</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The files are also compared this often, because file-system events are unreliable on network and container file systems.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Use <see cref="FileSystemWatcher"/> events besides polling (tests in virtual time turn it off).</summary>
    public bool UseFileSystemEvents { get; init; } = true;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A time is not positive, or the poll interval is not longer than the debounce.</exception>
    public void Validate()
    {
        if (Debounce <= TimeSpan.Zero || PollInterval <= Debounce)
        {
            throw new ArgumentException($"Model watching needs a positive debounce ({Debounce}) shorter than the poll interval ({PollInterval}).");
        }
    }
}
