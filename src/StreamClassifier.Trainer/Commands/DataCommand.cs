using System.CommandLine;
using Spectre.Console;
using StreamClassifier.Trainer.Data.Fetch;

namespace StreamClassifier.Trainer.Commands;

/// <summary>
/// <c>data fetch mitdb|nstdb|ucr [--to DIR] [--mirror URL|DIR]</c>: downloads a public dataset into
/// the data root the trainer and the tests read, and verifies every file against the SHA-256 manifest
/// shipped with the trainer.
/// </summary>
internal static class DataCommand
{
    /// <summary>Builds the <c>data</c> command with its <c>fetch</c> subcommand.</summary>
    public static Command Create()
    {
        var dataset = new Argument<string>("dataset") { Description = "mitdb (MIT-BIH Arrhythmia, PhysioNet), nstdb (MIT-BIH Noise Stress Test, PhysioNet) or ucr (the UCR archive's binary datasets; needs --mirror)." };
        dataset.AcceptOnlyFromAmong([.. DatasetManifest.Known]);
        var to = new Option<string>("--to") { Description = "The data root to fill (mitbih/, nstdb/, ucr/ go under it); the trainer's --data-root default.", DefaultValueFactory = _ => TrainerOptions.DefaultDataRoot() };
        var mirror = new Option<string?>("--mirror") { Description = "Fetch from this http(s):// base URL or local folder (holding mitbih/100.dat, ucr/GunPoint/...) instead of the official source." };

        var fetch = new Command("fetch", "Download a public dataset from its official source (or --mirror), resuming interrupted downloads, and verify every file's SHA-256.");
        fetch.Arguments.Add(dataset);
        fetch.Options.Add(to);
        fetch.Options.Add(mirror);
        fetch.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CreateClient();
            return await RunAsync(parse.GetValue(dataset)!, parse.GetValue(to)!, parse.GetValue(mirror), client, Console.Out, Console.Error, AnsiConsole.Profile.Capabilities.Interactive, cancellationToken).ConfigureAwait(false);
        });

        var command = new Command("data", "Public datasets: fetch them into the data root.");
        command.Subcommands.Add(fetch);
        return command;
    }

    /// <summary>An HTTP client for dataset downloads (identifies itself; per-request timeout of 5 minutes).</summary>
    public static HttpClient CreateClient()
    {
        var client = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("streamclassifier-train");
        return client;
    }

    /// <summary>Runs the fetch; returns 0, or 1 (transfer failed) / 2 (request cannot work) after one message on <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(string dataset, string destinationRoot, string? mirror, HttpClient client, TextWriter output, TextWriter error, bool interactive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var manifest = DatasetManifest.Load(dataset);
            var source = mirror is null ? FetchSource.Official(dataset) : FetchSource.Mirror(mirror);
            var root = Path.GetFullPath(destinationRoot);
            output.WriteLine($"{dataset}: {manifest.Entries.Count} files, {manifest.TotalBytes / 1e6:0.0} MB from {source.BaseUri?.AbsoluteUri ?? source.Folder} into {root}");
            var fetcher = new DatasetFetcher(client);
            var summary = interactive
                ? await FetchWithProgressBarAsync(fetcher, manifest, source, root, cancellationToken).ConfigureAwait(false)
                : await fetcher.FetchAsync(manifest, source, root, (_, _) => { }, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"{dataset}: {summary.Fetched} fetched, {summary.AlreadyPresent} already present; all {manifest.Entries.Count} match their SHA-256.");
            return 0;
        }
        catch (FetchException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: cannot write under {destinationRoot}: {ex.Message}. Pass a writable folder with --to.").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<FetchSummary> FetchWithProgressBarAsync(DatasetFetcher fetcher, DatasetManifest manifest, FetchSource source, string root, CancellationToken cancellationToken)
    {
        FetchSummary? summary = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(manifest.Dataset, maxValue: manifest.TotalBytes);
                summary = await fetcher.FetchAsync(manifest, source, root, (entry, done) =>
                {
                    task.Description = entry.Path;
                    task.Value = done;
                }, cancellationToken).ConfigureAwait(false);
                task.Description = manifest.Dataset;
            }).ConfigureAwait(false);
        return summary!;
    }
}
