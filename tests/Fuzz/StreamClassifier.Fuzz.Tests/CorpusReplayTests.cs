using StreamClassifier.Testing;

namespace StreamClassifier.Fuzz.Tests;

/// <summary>
/// Replays every file of tests/Fuzz/corpus through its fuzz target in-process (no AFL): each must be
/// accepted or rejected with the parser's documented error, never crash. Crashes AFL found live
/// here as regression inputs.
/// </summary>
public class CorpusReplayTests
{
    private static string CorpusRoot => Path.Combine(SharedPaths.RepoRoot, "tests", "Fuzz", "corpus");

    public static TheoryData<string> Targets() => [.. FuzzTargets.All.Keys];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_corpus_file_is_accepted_or_rejected_with_a_documented_error(string target)
    {
        var files = Directory.GetFiles(Path.Combine(CorpusRoot, target));
        Assert.NotEmpty(files);

        var accepted = files.Count(file => FuzzTargets.All[target].Run(File.ReadAllBytes(file)));

        // The seeds include real, valid examples from the repository, so a harness that rejects
        // everything (wrong wiring, a parser that stopped accepting real files) fails here.
        Assert.True(accepted > 0, $"no file of corpus/{target} was accepted");
    }

    [Fact]
    public void Every_corpus_folder_has_a_target_and_every_target_a_corpus()
    {
        var folders = Directory.GetDirectories(CorpusRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(FuzzTargets.All.Keys.Order(StringComparer.Ordinal), folders);
    }
}
