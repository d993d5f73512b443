using System.Net;
using System.Net.Http.Headers;

namespace StreamClassifier.Trainer.Data.Fetch;

/// <summary>
/// Downloads one file over HTTP into a <c>.partial</c> file, resuming with an HTTP Range request from
/// what the <c>.partial</c> already holds (after an interrupted run, or when a response ends early).
/// </summary>
internal sealed class ResumableDownload
{
    /// <summary>How many requests one file gets before a short or failed transfer is reported.</summary>
    public const int Attempts = 4;

    private readonly HttpClient client;

    /// <summary>Creates the downloader over <paramref name="client"/> (owned by the caller).</summary>
    public ResumableDownload(HttpClient client) => this.client = client;

    /// <summary>
    /// Brings <paramref name="partialPath"/> to <paramref name="expectedSize"/> bytes from <paramref name="url"/>;
    /// <paramref name="progress"/> receives the bytes held so far.
    /// </summary>
    /// <exception cref="FetchException">The source is unreachable, refuses the file, or keeps ending early.</exception>
    public async Task DownloadAsync(Uri url, string partialPath, long expectedSize, Action<long> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(progress);
        Exception? lastError = null;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var held = File.Exists(partialPath) ? new FileInfo(partialPath).Length : 0;
            if (held > expectedSize)
            {
                File.Delete(partialPath);
                held = 0;
            }

            if (held == expectedSize)
            {
                return;
            }

            try
            {
                await TransferAsync(url, partialPath, held, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                lastError = ex;
            }
        }

        var final = File.Exists(partialPath) ? new FileInfo(partialPath).Length : 0;
        if (final == expectedSize)
        {
            return;
        }

        if (final == 0)
        {
            throw new FetchException($"Cannot download {url}: {lastError?.Message ?? "no data"}. Check the network and the URL, or fetch from another source with --mirror URL|DIR (docs/datasets.md).", lastError ?? new IOException("no data"));
        }

        throw new FetchException(
            $"{url} is truncated: {final} of {expectedSize} bytes arrived after {Attempts} attempts ({lastError?.Message ?? "the source sent no more"}). "
            + $"The bytes so far are kept in {partialPath}; run the same command again to resume, or use another source with --mirror.",
            lastError ?? new IOException("truncated"));
    }

    private async Task TransferAsync(Uri url, string partialPath, long held, Action<long> progress, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (held > 0)
        {
            request.Headers.Range = new RangeHeaderValue(held, null);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            throw new IOException($"the source has no bytes past {held}");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new FetchException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}. Check the source, or fetch from another one with --mirror URL|DIR (docs/datasets.md).");
        }

        // A server that ignores the Range header sends the whole file again: start over.
        var append = held > 0 && response.StatusCode == HttpStatusCode.PartialContent;
        var position = append ? held : 0;
        progress(position);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var file = new FileStream(partialPath, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None);
            await using (file.ConfigureAwait(false))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    position += read;
                    progress(position);
                }
            }
        }
    }
}
