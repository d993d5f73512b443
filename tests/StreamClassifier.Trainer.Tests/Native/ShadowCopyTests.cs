using System.Diagnostics;
using StreamClassifier.Testing;
using StreamClassifier.Trainer.Native;

namespace StreamClassifier.Trainer.Tests.Native;

/// <summary>
/// The read-only path end to end, in a child process: the trainer runs from a copy of its output
/// folder whose bridge counts as package-cache content, so it must load a patched shadow copy, train
/// and export, and leave its own bridge byte-for-byte untouched.
/// </summary>
public sealed class ShadowCopyTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("sc-shadow-");

    [SkippableFact]
    public void A_bridge_in_a_package_cache_is_never_modified_and_a_patched_copy_trains_instead()
    {
        DataRequirement.Require(DataRequirement.Ucr);
        if (!MissingMarkerOnThisSystem())
        {
            // On a system whose libstdc++ has GLIBCXX_3.4.32 the fix never runs; the decision itself is covered by NativeDecisionTests.
            return;
        }

        var app = Path.Combine(scratch.Path, "app");
        Mirror(AppContext.BaseDirectory, app, depth: 0);
        var bridge = Path.Combine(app, "runtimes", "linux-x64", "native", TorchSharpNative.BridgeFileName);
        var pristine = File.ReadAllBytes(bridge);
        var model = Path.Combine(scratch.Path, "out", "gunpoint.onnx");

        var (exitCode, stdout, stderr) = Run(app,
            ["train", "--dataset", "ucr:GunPoint", "--data-root", SharedPaths.Datasets(), "--arch", "ConvDense", "--epochs", "2", "--threads", "1", "--output", model]);

        Assert.True(exitCode == 0, $"exit {exitCode}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains("loading a patched copy", stderr, StringComparison.Ordinal);
        Assert.Equal(pristine, File.ReadAllBytes(bridge));
        Assert.True(File.Exists(model), stdout);
        var shadow = Directory.GetFiles(Path.Combine(scratch.Path, "tmp", "streamclassifier-native"), TorchSharpNative.BridgeFileName, SearchOption.AllDirectories);
        Assert.True(ElfImage.Read(Assert.Single(shadow)).VersionNeeds().Single(n => n.VersionName == "GLIBCXX_3.4.32").IsWeak);
    }

    public void Dispose() => scratch.Dispose();

    private static bool MissingMarkerOnThisSystem()
        => TorchSharpNative.LastResult?.Action is NativeFixAction.PatchedInPlace or NativeFixAction.AlreadyPatched or NativeFixAction.ShadowCopyLoaded;

    /// <summary>Copies the small top-level files (the host resolves the app from them) and links everything below; the bridge is a pristine copy.</summary>
    private static void Mirror(string source, string destination, int depth)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var target = Path.Combine(destination, Path.GetFileName(file));
            if (Path.GetFileName(file) == TorchSharpNative.BridgeFileName)
            {
                File.Copy(ElfImageTests.PackagedBridgePath(), target);
            }
            else if (depth == 0)
            {
                File.Copy(file, target);
            }
            else
            {
                File.CreateSymbolicLink(target, file);
            }
        }

        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            Mirror(directory, Path.Combine(destination, Path.GetFileName(directory)), depth + 1);
        }
    }

    private (int ExitCode, string Stdout, string Stderr) Run(string app, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(app, "streamclassifier-train.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The mirror is the "package cache": the trainer must not write into it.
        start.Environment["NUGET_PACKAGES"] = scratch.Path;
        start.Environment["TMPDIR"] = Path.Combine(scratch.Path, "tmp");
        Directory.CreateDirectory(Path.Combine(scratch.Path, "tmp"));
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("streamclassifier-train did not finish within 3 minutes.");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
