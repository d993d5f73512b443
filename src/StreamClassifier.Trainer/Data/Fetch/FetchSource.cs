namespace StreamClassifier.Trainer.Data.Fetch;

/// <summary>
/// Where the files of a dataset come from: an HTTP(S) base URL or a local folder. A mirror holds the
/// data root's layout (<c>mitbih/100.dat</c>, <c>ucr/GunPoint/GunPoint_TRAIN.tsv</c>); a folder mirror
/// may also hold a dataset's own folder (an unpacked <c>UCRArchive_2018</c>: <c>GunPoint/GunPoint_TRAIN.tsv</c>).
/// </summary>
internal sealed class FetchSource
{
    /// <summary>PhysioNet's MIT-BIH Arrhythmia Database, version 1.0.0.</summary>
    public const string PhysioNetMitdb = "https://physionet.org/files/mitdb/1.0.0/";

    /// <summary>PhysioNet's MIT-BIH Noise Stress Test Database, version 1.0.0.</summary>
    public const string PhysioNetNstdb = "https://physionet.org/files/nstdb/1.0.0/";

    /// <summary>The UCR archive's page (one password-protected zip behind a briefing document).</summary>
    public const string UcrArchivePage = "https://www.cs.ucr.edu/~eamonn/time_series_data_2018/";

    private FetchSource(Uri? baseUri, string? folder, bool dropFirstSegment)
    {
        BaseUri = baseUri;
        Folder = folder;
        DropFirstSegment = dropFirstSegment;
    }

    /// <summary>The HTTP(S) base, or null for a folder.</summary>
    public Uri? BaseUri { get; }

    /// <summary>The local folder, or null for HTTP.</summary>
    public string? Folder { get; }

    /// <summary>True when the source holds the dataset's files without the data root's first folder (PhysioNet: <c>100.dat</c>).</summary>
    public bool DropFirstSegment { get; }

    /// <summary>The dataset's official source.</summary>
    /// <exception cref="FetchException">For UCR, which has no per-file official source: says how to get the archive and use it as a mirror.</exception>
    public static FetchSource Official(string dataset) => dataset switch
    {
        "mitdb" => new FetchSource(new Uri(PhysioNetMitdb), null, dropFirstSegment: true),
        "nstdb" => new FetchSource(new Uri(PhysioNetNstdb), null, dropFirstSegment: true),
        "ucr" => throw new FetchException(
            $"The UCR archive is published as one password-protected zip (UCRArchive_2018.zip, about 300 MB) on {UcrArchivePage}, "
            + "behind a briefing document that gives the password and asks users to cite the archive; it has no per-file download. "
            + "Download and unpack it, then run: streamclassifier-train data fetch ucr --mirror <folder>/UCRArchive_2018 (docs/datasets.md); "
            + "or pass --mirror with any mirror of the data root (a URL or folder holding ucr/<Name>/<Name>_TRAIN.tsv).",
            exitCode: 2),
        _ => throw new FetchException($"There is no dataset '{dataset}'; known: {string.Join(", ", DatasetManifest.Known)}.", exitCode: 2),
    };

    /// <summary>A mirror given as <c>http(s)://...</c> or as a folder.</summary>
    /// <exception cref="FetchException">When it is neither an HTTP(S) URL nor an existing folder.</exception>
    public static FetchSource Mirror(string mirror)
    {
        ArgumentNullException.ThrowIfNull(mirror);
        if (Uri.TryCreate(mirror, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return new FetchSource(uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/"), null, dropFirstSegment: false);
        }

        if (!Directory.Exists(mirror))
        {
            throw new FetchException($"--mirror {mirror}: neither an http(s):// URL nor an existing folder. Pass the base URL or the folder that holds the data root's layout (e.g. mitbih/100.dat).", exitCode: 2);
        }

        return new FetchSource(null, Path.GetFullPath(mirror), dropFirstSegment: false);
    }

    /// <summary>The URL of <paramref name="entry"/> at an HTTP source.</summary>
    public Uri UrlOf(ManifestEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new Uri(BaseUri ?? throw new InvalidOperationException("Not an HTTP source."), RelativePath(entry));
    }

    /// <summary>The file of <paramref name="entry"/> in a folder source: the data root's layout, else without its first folder.</summary>
    public string PathOf(ManifestEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var folder = Folder ?? throw new InvalidOperationException("Not a folder source.");
        var full = Path.Combine(folder, entry.Path);
        var withoutFirst = Path.Combine(folder, WithoutFirstSegment(entry.Path));
        return File.Exists(full) || !File.Exists(withoutFirst) ? full : withoutFirst;
    }

    /// <summary>Where <paramref name="entry"/> comes from, for messages.</summary>
    public string Describe(ManifestEntry entry) => BaseUri is null ? PathOf(entry) : UrlOf(entry).AbsoluteUri;

    private string RelativePath(ManifestEntry entry) => DropFirstSegment ? WithoutFirstSegment(entry.Path) : entry.Path;

    private static string WithoutFirstSegment(string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? path : path[(slash + 1)..];
    }
}
