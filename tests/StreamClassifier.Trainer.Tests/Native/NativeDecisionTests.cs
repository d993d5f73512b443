using StreamClassifier.Trainer.Native;

namespace StreamClassifier.Trainer.Tests.Native;

/// <summary>The patch-or-not decision, against the real bridge and simulated system libraries.</summary>
public class NativeDecisionTests
{
    private static readonly ElfImage Bridge = ElfImage.Read(ElfImageTests.PackagedBridgePath());

    private static HashSet<string> AllNeededVersions()
        => Bridge.VersionNeeds().Where(n => n.FileName == "libstdc++.so.6").Select(n => n.VersionName).ToHashSet();

    [Fact]
    public void A_system_defining_every_needed_version_is_left_untouched()
    {
        var newSystem = AllNeededVersions();

        Assert.Empty(TorchSharpNative.MissingLibStdCxxVersions(Bridge, newSystem, "/usr/lib/libstdc++.so.6 (GCC 13)"));
    }

    [Fact]
    public void A_GCC_12_system_misses_only_the_ios_base_marker_version()
    {
        var gcc12 = AllNeededVersions();
        gcc12.Remove("GLIBCXX_3.4.32");

        var missing = Assert.Single(TorchSharpNative.MissingLibStdCxxVersions(Bridge, gcc12, "/usr/lib/libstdc++.so.6 (GCC 12)"));

        Assert.Equal("GLIBCXX_3.4.32", missing.VersionName);
    }

    [Fact]
    public void A_missing_version_with_real_callers_is_refused_with_the_symbols_and_the_remedy()
    {
        var gcc11 = AllNeededVersions();
        gcc11.Remove("GLIBCXX_3.4.32");
        gcc11.Remove("GLIBCXX_3.4.30");

        var error = Assert.Throws<NativeLoadException>(() => TorchSharpNative.MissingLibStdCxxVersions(Bridge, gcc11, "/old/libstdc++.so.6"));

        Assert.Contains("GLIBCXX_3.4.30", error.Message, StringComparison.Ordinal);
        Assert.Contains("/old/libstdc++.so.6", error.Message, StringComparison.Ordinal);
        Assert.Contains("Install a newer libstdc++", error.Message, StringComparison.Ordinal);
    }
}
