using StreamClassifier.Trainer.Native;
using TorchSharp;

namespace StreamClassifier.Trainer.Tests.Native;

public class TorchSharpNativeTests
{
    [Fact]
    public void TorchSharp_loads_after_the_fix_up_and_computes()
    {
        var fix = TorchSharpNative.EnsureLoadable();

        using var ones = torch.ones(2);
        Assert.Equal([1f, 1f], ones.data<float>().ToArray());

        var systemDefinesMarker = ElfImage.Read(SystemLibStdCxx()).VersionDefinitions().Contains("GLIBCXX_3.4.32");
        if (systemDefinesMarker)
        {
            Assert.Equal(NativeFixAction.SystemIsNewEnough, fix.Action);
        }
        else
        {
            Assert.Contains(fix.Action, new[] { NativeFixAction.PatchedInPlace, NativeFixAction.AlreadyPatched, NativeFixAction.ShadowCopyLoaded });
            Assert.Equal(["GLIBCXX_3.4.32"], fix.WeakenedVersions);
            Assert.True(ElfImage.Read(fix.BridgePath!).VersionNeeds().Single(n => n.VersionName == "GLIBCXX_3.4.32").IsWeak);
        }

        // libgomp must not spin (PASSIVE unless the user chose a policy before starting the process).
        Assert.False(string.IsNullOrEmpty(Environment.GetEnvironmentVariable(OpenMpDefaults.WaitPolicyVariable)));

        // The package cache itself is never modified.
        Assert.False(ElfImage.Read(ElfImageTests.PackagedBridgePath()).VersionNeeds().Single(n => n.VersionName == "GLIBCXX_3.4.32").IsWeak);
    }

    private static string SystemLibStdCxx()
        => File.ReadLines("/proc/self/maps").Select(l => l.IndexOf('/', StringComparison.Ordinal) is var s and >= 0 ? l[s..].Trim() : "")
            .First(p => Path.GetFileName(p).StartsWith("libstdc++.so.6", StringComparison.Ordinal));
}
