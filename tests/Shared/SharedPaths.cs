namespace StreamClassifier.Testing;

/// <summary>
/// Locates the repository root, the test fixtures committed in it, and the data root with the public
/// datasets (<c>../shared/datasets</c> beside the clone, or <c>$STREAMCLASSIFIER_SHARED/datasets</c>),
/// which a bare clone does not have: tests that read it go through <see cref="DataRequirement"/>.
/// </summary>
internal static class SharedPaths
{
    private static readonly Lazy<string> LazyRepoRoot = new(FindRepoRoot);

    /// <summary>The folder holding StreamClassifier.sln.</summary>
    public static string RepoRoot => LazyRepoRoot.Value;

    /// <summary>
    /// The data root: <c>$STREAMCLASSIFIER_SHARED/datasets</c> when set, else <c>shared/datasets</c> beside
    /// the clone or beside one of its ancestors. It may not exist (read-only in CI: never write into it).
    /// </summary>
    public static string DatasetsRoot
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("STREAMCLASSIFIER_SHARED");
            return string.IsNullOrWhiteSpace(fromEnv) ? FindBesideAncestors() : Path.GetFullPath(Path.Combine(fromEnv, "datasets"));
        }
    }

    /// <summary>A golden reference committed under tests/Fixtures/reference (scipy, PyTorch, wfdb-python outputs).</summary>
    public static string Reference(params string[] parts) => Fixtures(["reference", .. parts]);

    /// <summary>A file committed under tests/Fixtures.</summary>
    public static string Fixtures(params string[] parts) => Path.Combine([RepoRoot, "tests", "Fixtures", .. parts]);

    /// <summary>A path under the data root; call <see cref="DataRequirement.Require"/> first so a missing dataset skips with a reason.</summary>
    public static string Datasets(params string[] parts) => Path.Combine([DatasetsRoot, .. parts]);

    /// <summary>A path under the repository root.</summary>
    public static string Repo(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    // Beside the clone (CI); a git worktree nested deeper finds it beside an ancestor.
    private static string FindBesideAncestors()
    {
        var beside = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "datasets"));
        for (var dir = new DirectoryInfo(RepoRoot).Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets");
            if (Directory.Exists(candidate))
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
