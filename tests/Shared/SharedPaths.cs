namespace StreamClassifier.Testing;

/// <summary>
/// Locates the repository root and the read-only <c>../shared</c> folder (golden references and
/// datasets) from a test's output directory. <c>STREAMCLASSIFIER_SHARED</c> overrides the latter.
/// </summary>
internal static class SharedPaths
{
    private static readonly Lazy<string> LazyRepoRoot = new(FindRepoRoot);

    /// <summary>The folder holding StreamClassifier.sln.</summary>
    public static string RepoRoot => LazyRepoRoot.Value;

    /// <summary>The shared folder (read-only in CI: never write into it).</summary>
    public static string Shared
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("STREAMCLASSIFIER_SHARED");
            var path = string.IsNullOrWhiteSpace(fromEnv) ? FindBesideAncestors() : fromEnv;
            if (!Directory.Exists(path))
            {
                throw new DirectoryNotFoundException($"The shared folder was not found at {path}. Put it beside the repository or set STREAMCLASSIFIER_SHARED.");
            }

            return path;
        }
    }

    /// <summary>A path under shared/reference.</summary>
    public static string Reference(params string[] parts) => Path.Combine([Shared, "reference", .. parts]);

    /// <summary>A path under shared/datasets.</summary>
    public static string Datasets(params string[] parts) => Path.Combine([Shared, "datasets", .. parts]);

    /// <summary>A path under the repository root.</summary>
    public static string Repo(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    // Beside the clone (CI and /work/main); a git worktree nested deeper finds it beside an ancestor.
    private static string FindBesideAncestors()
    {
        var beside = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
        for (var dir = new DirectoryInfo(RepoRoot).Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "reference")))
            {
                return candidate;
            }
        }

        return beside;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StreamClassifier.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"StreamClassifier.sln was not found above {AppContext.BaseDirectory}.");
    }
}
