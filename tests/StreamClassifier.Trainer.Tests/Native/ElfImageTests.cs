using StreamClassifier.Trainer.Native;

namespace StreamClassifier.Trainer.Tests.Native;

public class ElfImageTests
{
    /// <summary>The pristine bridge in the NuGet cache: read only, never written.</summary>
    internal static string PackagedBridgePath()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", TorchSharpNative.BridgeFileName);
        Assert.True(File.Exists(path), $"expected the TorchSharp 0.107.0 package at {path}");
        return path;
    }

    [Fact]
    public void Real_bridge_needs_GLIBCXX_3_4_32_only_for_the_ios_base_marker()
    {
        var bridge = ElfImage.Read(PackagedBridgePath());

        var needs = bridge.VersionNeeds();
        var marker = Assert.Single(needs, n => n.VersionName == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", marker.FileName);
        Assert.False(marker.IsWeak);
        Assert.Contains(needs, n => n.FileName == "libc.so.6" && n.VersionName == "GLIBC_2.2.5");
        Assert.Equal(["_ZSt21ios_base_library_initv"], bridge.SymbolsBoundToVersion(marker.VersionIndex));
    }

    [Fact]
    public void Marking_the_need_weak_changes_exactly_the_flag_and_is_idempotent()
    {
        var original = File.ReadAllBytes(PackagedBridgePath());
        var patched = (byte[])original.Clone();
        var image = ElfImage.Parse(patched, "copy");
        var before = image.VersionNeeds();

        Assert.Equal(1, image.MarkVersionNeedWeak("GLIBCXX_3.4.32"));
        Assert.Equal(0, image.MarkVersionNeedWeak("GLIBCXX_3.4.32"));

        var differing = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        var flagsOffset = before.Single(n => n.VersionName == "GLIBCXX_3.4.32").FlagsOffset;
        Assert.Equal([flagsOffset], differing);
        Assert.Equal(ElfImage.VersionFlagWeak, patched[flagsOffset]);

        var after = ElfImage.Parse(patched, "copy").VersionNeeds();
        Assert.Equal(before.Count, after.Count);
        for (var index = 0; index < before.Count; index++)
        {
            var expected = before[index].VersionName == "GLIBCXX_3.4.32"
                ? before[index] with { Flags = ElfImage.VersionFlagWeak }
                : before[index];
            Assert.Equal(expected, after[index]);
        }
    }

    [Fact]
    public void System_libstdcxx_definitions_are_read()
    {
        var path = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }.First(File.Exists);

        var definitions = ElfImage.Read(path).VersionDefinitions();

        Assert.Contains("GLIBCXX_3.4", definitions);
        Assert.Contains("GLIBCXX_3.4.26", definitions);
        Assert.Contains("CXXABI_1.3", definitions);
    }

    [Fact]
    public void Non_elf_input_is_rejected_with_the_source_named()
    {
        var error = Assert.Throws<InvalidDataException>(() => ElfImage.Parse(new byte[128], "settings.json"));
        Assert.Contains("settings.json", error.Message, StringComparison.Ordinal);
    }
}
