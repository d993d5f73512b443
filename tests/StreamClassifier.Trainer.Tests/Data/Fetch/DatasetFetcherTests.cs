using System.Security.Cryptography;
using StreamClassifier.Trainer.Commands;
using StreamClassifier.Trainer.Data.Fetch;

namespace StreamClassifier.Trainer.Tests.Data.Fetch;

/// <summary>
/// <c>data fetch</c> against a loopback HTTP server and a local folder: resuming, verifying, and the
/// messages and exit codes when a file is corrupted, cut short or unreachable.
/// </summary>
public sealed class DatasetFetcherTests : IDisposable
{
    private static readonly byte[] Good = Bytes(50_000, seed: 1);
    private static readonly byte[] Cut = Bytes(300_000, seed: 2);
    private static readonly byte[] Published = Bytes(20_000, seed: 3);
    private readonly ScratchDirectory scratch = new("sc-fetch-");
    private readonly HttpClient client = DataCommand.CreateClient();

    public void Dispose()
    {
        client.Dispose();
        scratch.Dispose();
    }

    [Fact]
    public async Task An_interrupted_download_resumes_with_a_range_request_and_every_file_lands_verified()
    {
        using var server = new LoopbackFileServer();
        server.Add("demo/good.dat", Good);
        server.Add("demo/cut.dat", Cut, cutFirstResponseAfter: 100_000);
        var manifest = Manifest(("demo/good.dat", Good), ("demo/cut.dat", Cut));
        var root = Path.Combine(scratch.Path, "data");

        var summary = await new DatasetFetcher(client).FetchAsync(manifest, FetchSource.Mirror(server.BaseUrl), root, (_, _) => { }, CancellationToken.None);

        Assert.Equal(new FetchSummary(2, 0), summary);
        Assert.Equal(Good, File.ReadAllBytes(Path.Combine(root, "demo", "good.dat")));
        Assert.Equal(Cut, File.ReadAllBytes(Path.Combine(root, "demo", "cut.dat")));
        Assert.False(File.Exists(Path.Combine(root, "demo", "cut.dat.partial")));
        var cutRequests = server.Requests.Where(request => request.Path == "demo/cut.dat").Select(request => request.Range).ToList();
        Assert.Equal(2, cutRequests.Count);
        Assert.Equal(string.Empty, cutRequests[0]);
        Assert.StartsWith("bytes=", cutRequests[1], StringComparison.Ordinal);
        Assert.NotEqual("bytes=0-", cutRequests[1]);

        // A second run finds everything in place and transfers nothing.
        var again = await new DatasetFetcher(client).FetchAsync(manifest, FetchSource.Mirror(server.BaseUrl), root, (_, _) => { }, CancellationToken.None);
        Assert.Equal(new FetchSummary(0, 2), again);
    }

    [Fact]
    public async Task A_partial_file_left_by_an_earlier_run_is_resumed_from_its_length()
    {
        using var server = new LoopbackFileServer();
        server.Add("demo/cut.dat", Cut);
        var root = Path.Combine(scratch.Path, "data");
        Directory.CreateDirectory(Path.Combine(root, "demo"));
        File.WriteAllBytes(Path.Combine(root, "demo", "cut.dat.partial"), Cut[..123_456]);

        await new DatasetFetcher(client).FetchAsync(Manifest(("demo/cut.dat", Cut)), FetchSource.Mirror(server.BaseUrl), root, (_, _) => { }, CancellationToken.None);

        Assert.Equal(Cut, File.ReadAllBytes(Path.Combine(root, "demo", "cut.dat")));
        Assert.Equal([("demo/cut.dat", "bytes=123456-")], server.Requests);
    }

    [Fact]
    public async Task A_corrupted_file_is_rejected_deleted_and_named_with_the_expected_hash()
    {
        using var server = new LoopbackFileServer();
        var corrupted = (byte[])Published.Clone();
        corrupted[777] ^= 0xFF;
        server.Add("demo/published.dat", corrupted);
        var root = Path.Combine(scratch.Path, "data");

        var error = await Assert.ThrowsAsync<FetchException>(() => new DatasetFetcher(client).FetchAsync(Manifest(("demo/published.dat", Published)), FetchSource.Mirror(server.BaseUrl), root, (_, _) => { }, CancellationToken.None));

        Assert.Equal(1, error.ExitCode);
        Assert.Contains($"demo/published.dat from {server.BaseUrl}demo/published.dat does not match the manifest", error.Message, StringComparison.Ordinal);
        Assert.Contains($"SHA-256 {Sha256(Published)}, got SHA-256 {Sha256(corrupted)}", error.Message, StringComparison.Ordinal);
        Assert.Contains("The file was deleted", error.Message, StringComparison.Ordinal);
        Assert.Contains("--mirror", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_folder_mirror_is_copied_and_verified_in_the_data_root_or_the_archives_own_layout()
    {
        var mirror = Path.Combine(scratch.Path, "mirror");
        Directory.CreateDirectory(Path.Combine(mirror, "demo"));
        File.WriteAllBytes(Path.Combine(mirror, "demo", "good.dat"), Good);

        // An unpacked archive holds the dataset's folders without the data root's first one.
        Directory.CreateDirectory(Path.Combine(mirror, "Series"));
        File.WriteAllBytes(Path.Combine(mirror, "Series", "Series_TRAIN.tsv"), Published);
        var root = Path.Combine(scratch.Path, "data");

        var summary = await new DatasetFetcher(client).FetchAsync(Manifest(("demo/good.dat", Good), ("ucr/Series/Series_TRAIN.tsv", Published)), FetchSource.Mirror(mirror), root, (_, _) => { }, CancellationToken.None);

        Assert.Equal(new FetchSummary(2, 0), summary);
        Assert.Equal(Good, File.ReadAllBytes(Path.Combine(root, "demo", "good.dat")));
        Assert.Equal(Published, File.ReadAllBytes(Path.Combine(root, "ucr", "Series", "Series_TRAIN.tsv")));
    }

    [Fact]
    public async Task A_source_that_keeps_ending_early_is_reported_as_truncated_and_the_bytes_so_far_are_kept()
    {
        using var server = new LoopbackFileServer();
        server.Add("demo/cut.dat", Cut[..200_000]);
        var root = Path.Combine(scratch.Path, "data");

        var error = await Assert.ThrowsAsync<FetchException>(() => new DatasetFetcher(client).FetchAsync(Manifest(("demo/cut.dat", Cut)), FetchSource.Mirror(server.BaseUrl), root, (_, _) => { }, CancellationToken.None));

        Assert.Contains($"{server.BaseUrl}demo/cut.dat is truncated: 200000 of 300000 bytes arrived", error.Message, StringComparison.Ordinal);
        Assert.Contains("run the same command again to resume", error.Message, StringComparison.Ordinal);
        Assert.Equal(200_000, new FileInfo(Path.Combine(root, "demo", "cut.dat.partial")).Length);
        Assert.False(File.Exists(Path.Combine(root, "demo", "cut.dat")));
    }

    [Fact]
    public async Task The_command_prints_one_message_and_exits_1_or_2_without_a_stack_trace()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        // Nothing listens on the port the closed server had: unreachable.
        string unreachable;
        using (var server = new LoopbackFileServer())
        {
            unreachable = server.BaseUrl;
        }

        Assert.Equal(1, await DataCommand.RunAsync("nstdb", scratch.Path, unreachable, client, output, error, interactive: false, CancellationToken.None));
        Assert.StartsWith($"error: Cannot download {unreachable}nstdb/118e00.atr: ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--mirror URL|DIR", error.ToString(), StringComparison.Ordinal);

        // A mirror folder with a corrupted first file of the real manifest.
        var mirror = Path.Combine(scratch.Path, "mirror");
        Directory.CreateDirectory(Path.Combine(mirror, "nstdb"));
        File.WriteAllText(Path.Combine(mirror, "nstdb", "118e00.atr"), "not the annotation file");
        using var corrupted = new StringWriter();
        Assert.Equal(1, await DataCommand.RunAsync("nstdb", Path.Combine(scratch.Path, "data"), mirror, client, output, corrupted, interactive: false, CancellationToken.None));
        Assert.Contains("nstdb/118e00.atr from ", corrupted.ToString(), StringComparison.Ordinal);
        Assert.Contains("expected 4622 bytes with SHA-256 77afd5400648d128223d5029a49c442f5abd65ba997f732489cb8eed39d71551, got 23 bytes", corrupted.ToString(), StringComparison.Ordinal);

        using var ucr = new StringWriter();
        Assert.Equal(2, await DataCommand.RunAsync("ucr", scratch.Path, null, client, output, ucr, interactive: false, CancellationToken.None));
        Assert.Contains("UCRArchive_2018.zip", ucr.ToString(), StringComparison.Ordinal);
        Assert.Contains("data fetch ucr --mirror <folder>/UCRArchive_2018", ucr.ToString(), StringComparison.Ordinal);

        using var badMirror = new StringWriter();
        Assert.Equal(2, await DataCommand.RunAsync("mitdb", scratch.Path, Path.Combine(scratch.Path, "nowhere"), client, output, badMirror, interactive: false, CancellationToken.None));
        Assert.Contains("neither an http(s):// URL nor an existing folder", badMirror.ToString(), StringComparison.Ordinal);

        Assert.DoesNotContain("   at ", error + corrupted.ToString() + ucr + badMirror, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_manifests_cover_the_layout_the_trainer_and_the_tests_read()
    {
        var mitdb = DatasetManifest.Load("mitdb");
        Assert.Equal(145, mitdb.Entries.Count);
        Assert.All(mitdb.Entries, entry => Assert.StartsWith("mitbih/", entry.Path, StringComparison.Ordinal));
        foreach (var record in new[] { "100", "106", "119", "208", "234" })
        {
            Assert.All(new[] { ".hea", ".dat", ".atr" }, extension => Assert.Contains(mitdb.Entries, entry => entry.Path == $"mitbih/{record}{extension}"));
        }

        Assert.Equal(10, DatasetManifest.Load("nstdb").Entries.Count);
        var ucr = DatasetManifest.Load("ucr");
        Assert.Equal(34, ucr.Entries.Count(entry => entry.Path.EndsWith("_TEST.tsv", StringComparison.Ordinal)));
        Assert.All(ucr.Entries, entry => Assert.Matches("^ucr/([A-Za-z0-9]+)/\\1_(TRAIN|TEST)\\.tsv$", entry.Path));

        var bad = Assert.Throws<FormatException>(() => DatasetManifest.Parse("x", "abc 12 ../etc/passwd\n"));
        Assert.Contains("line 1", bad.Message, StringComparison.Ordinal);
    }

    private static DatasetManifest Manifest(params (string Path, byte[] Content)[] files) =>
        DatasetManifest.Parse("test", string.Join('\n', files.Select(file => $"{Sha256(file.Content)} {file.Content.Length} {file.Path}")));

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static byte[] Bytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
