using System.Security.Cryptography;

namespace StreamClassifier.Trainer.Data.Fetch;

/// <summary>What one fetch did.</summary>
/// <param name="Fetched">Files transferred in this run.</param>
/// <param name="AlreadyPresent">Files that were already in place with the right SHA-256.</param>
internal sealed record FetchSummary(int Fetched, int AlreadyPresent);

/// <summary>
/// Fetches every file of a <see cref="DatasetManifest"/> from a <see cref="FetchSource"/> into a data
/// root. A file is written as <c>&lt;name&gt;.partial</c>, checked for its size and SHA-256, and only
/// then renamed into place; a file with the wrong bytes is deleted and reported.
/// </summary>
internal sealed class DatasetFetcher
{
    private readonly ResumableDownload download;

    /// <summary>Creates the fetcher over <paramref name="client"/> (owned by the caller).</summary>
    public DatasetFetcher(HttpClient client) => download = new ResumableDownload(client);

    /// <summary>
    /// Fetches the manifest's files under <paramref name="destinationRoot"/>; <paramref name="progress"/>
    /// receives the current file and the bytes in place so far over the whole manifest.
    /// </summary>
    /// <exception cref="FetchException">The first file that cannot be fetched or verified.</exception>
    public async Task<FetchSummary> FetchAsync(DatasetManifest manifest, FetchSource source, string destinationRoot, Action<ManifestEntry, long> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(progress);
        var done = 0L;
        var fetched = 0;
        var present = 0;
        foreach (var entry in manifest.Entries)
        {
            var target = Path.Combine(destinationRoot, entry.Path);
            if (File.Exists(target) && new FileInfo(target).Length == entry.Size && await Sha256Async(target, cancellationToken).ConfigureAwait(false) == entry.Sha256)
            {
                present++;
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                var partial = target + ".partial";
                var before = done;
                await TransferAsync(entry, source, partial, held => progress(entry, before + held), cancellationToken).ConfigureAwait(false);
                await VerifyAsync(entry, source, partial, cancellationToken).ConfigureAwait(false);
                File.Move(partial, target, overwrite: true);
                fetched++;
            }

            done += entry.Size;
            progress(entry, done);
        }

        return new FetchSummary(fetched, present);
    }

    private async Task TransferAsync(ManifestEntry entry, FetchSource source, string partial, Action<long> progress, CancellationToken cancellationToken)
    {
        if (source.BaseUri is not null)
        {
            await download.DownloadAsync(source.UrlOf(entry), partial, entry.Size, progress, cancellationToken).ConfigureAwait(false);
            return;
        }

        var file = source.PathOf(entry);
        if (!File.Exists(file))
        {
            throw new FetchException($"{entry.Path} is not in the mirror folder (looked for {file}). Pass the folder that holds the data root's layout (e.g. mitbih/100.dat), or fetch from the official source without --mirror.");
        }

        File.Copy(file, partial, overwrite: true);
        progress(entry.Size);
    }

    private static async Task VerifyAsync(ManifestEntry entry, FetchSource source, string partial, CancellationToken cancellationToken)
    {
        var size = new FileInfo(partial).Length;
        var hash = size == entry.Size ? await Sha256Async(partial, cancellationToken).ConfigureAwait(false) : null;
        if (hash == entry.Sha256)
        {
            return;
        }

        File.Delete(partial);
        var found = hash is null ? $"{size} bytes" : $"SHA-256 {hash}";
        throw new FetchException(
            $"{entry.Path} from {source.Describe(entry)} does not match the manifest: expected {entry.Size} bytes with SHA-256 {entry.Sha256}, got {found}. "
            + "The file was deleted. The source serves other bytes than the published dataset: run again, or fetch from another source with --mirror URL|DIR (docs/datasets.md).");
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        }
    }
}
