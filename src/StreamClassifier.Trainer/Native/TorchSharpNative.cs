using System.Runtime.InteropServices;
using System.Security.Cryptography;

using Microsoft.Extensions.Logging;

namespace StreamClassifier.Trainer.Native;

/// <summary>
/// Makes TorchSharp's native bridge loadable on systems whose libstdc++ is older than the one it was
/// linked against. TorchSharp-cpu 0.107.0's <c>libLibTorchSharp.so</c> needs <c>GLIBCXX_3.4.32</c>
/// (GCC 13) only for <c>std::ios_base_library_init()</c>, a link-time marker GCC 13 emits and nothing
/// ever calls; Debian 12's libstdc++ (GCC 12) stops at 3.4.30, so the dynamic loader refuses the file.
/// Marking that one version need weak lets the loader accept it. See docs/trainer.md.
/// </summary>
/// <remarks>
/// Call <see cref="EnsureLoadable"/> before the first use of TorchSharp (every trainer entry point does).
/// On a system whose libstdc++ defines every needed version nothing is touched. The NuGet cache is
/// never modified: the app's own copy is patched (atomically, idempotently), or, when that copy lives
/// in a package cache or a read-only folder, a patched shadow copy is loaded instead.
/// </remarks>
internal static class TorchSharpNative
{
    /// <summary>The native bridge's file name on Linux.</summary>
    public const string BridgeFileName = "libLibTorchSharp.so";

    /// <summary>Symbols that may be bound to a version we weaken: markers nothing calls at run time.</summary>
    private static readonly HashSet<string> LinkTimeMarkers = new(StringComparer.Ordinal)
    {
        "_ZSt21ios_base_library_initv", // std::ios_base_library_init(), GCC 13's iostream-init marker
    };

    private static readonly Lock Gate = new();
    private static NativeFixResult? result;
    private static IntPtr shadowHandle;

    /// <summary>What <see cref="EnsureLoadable"/> did (null before the first call).</summary>
    public static NativeFixResult? LastResult => result;

    /// <summary>
    /// Checks the system libstdc++ against the versions the bridge needs and, where only link-time
    /// markers are missing, marks those version needs weak. Idempotent and cheap after the first call.
    /// </summary>
    /// <param name="logger">Receives one message when something is patched; defaults to standard error.</param>
    /// <exception cref="NativeLoadException">A needed version is missing for a symbol that is really called.</exception>
    public static NativeFixResult EnsureLoadable(ILogger? logger = null)
    {
        lock (Gate)
        {
            if (result is not null)
            {
                return result;
            }

            OpenMpDefaults.Apply();
            if (logger is not null)
            {
                result = Fix(logger);
                return result;
            }

            // Disposing the factory flushes the console logger's queue before the command runs.
            using var standardError = NativeLog.CreateStandardErrorFactory();
            result = Fix(standardError.CreateLogger(typeof(NativeLog).Namespace!));
            return result;
        }
    }

    private static NativeFixResult Fix(ILogger logger)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return new NativeFixResult(NativeFixAction.NotApplicable, null, []);
        }

        var bridgePath = LocateBridge();
        if (bridgePath is null)
        {
            // TorchSharp reports a missing native package better than we can.
            return new NativeFixResult(NativeFixAction.BridgeNotFound, null, []);
        }

        var bridge = ElfImage.Read(bridgePath);
        var systemLibrary = LocateSystemLibStdCxx();
        if (systemLibrary is null)
        {
            return new NativeFixResult(NativeFixAction.BridgeNotFound, bridgePath, []);
        }

        var missing = MissingLibStdCxxVersions(bridge, ElfImage.Read(systemLibrary).VersionDefinitions(), systemLibrary);
        if (missing.Count == 0)
        {
            return new NativeFixResult(NativeFixAction.SystemIsNewEnough, bridgePath, []);
        }

        var weakened = missing.Select(n => n.VersionName).Distinct().ToList();
        if (missing.All(n => n.IsWeak))
        {
            return new NativeFixResult(NativeFixAction.AlreadyPatched, bridgePath, weakened);
        }

        foreach (var version in weakened)
        {
            bridge.MarkVersionNeedWeak(version);
        }

        if (CanPatchInPlace(bridgePath))
        {
            WriteAtomically(bridgePath, bridge.Bytes, modeFrom: bridgePath);
            NativeLog.PatchedInPlace(logger, systemLibrary, string.Join(", ", weakened), bridgePath);
            return new NativeFixResult(NativeFixAction.PatchedInPlace, bridgePath, weakened);
        }

        var shadowPath = WriteShadowCopy(bridgePath, bridge.Bytes);
        LoadShadowCopy(shadowPath);
        NativeLog.ShadowCopyLoaded(logger, systemLibrary, string.Join(", ", weakened), shadowPath, bridgePath);
        return new NativeFixResult(NativeFixAction.ShadowCopyLoaded, shadowPath, weakened);
    }

    /// <summary>
    /// The libstdc++ version needs of <paramref name="bridge"/> that <paramref name="systemDefinitions"/>
    /// lacks. Empty means the system is new enough and nothing may be touched.
    /// </summary>
    /// <exception cref="NativeLoadException">A missing version binds a symbol that is really called.</exception>
    public static IReadOnlyList<ElfVersionNeed> MissingLibStdCxxVersions(ElfImage bridge, IReadOnlySet<string> systemDefinitions, string systemLibrary)
    {
        ArgumentNullException.ThrowIfNull(bridge);
        ArgumentNullException.ThrowIfNull(systemDefinitions);
        var missing = bridge.VersionNeeds()
            .Where(n => n.FileName.StartsWith("libstdc++.so", StringComparison.Ordinal) && !systemDefinitions.Contains(n.VersionName))
            .ToList();
        foreach (var need in missing)
        {
            var calls = bridge.SymbolsBoundToVersion(need.VersionIndex).Where(s => !LinkTimeMarkers.Contains(s)).ToList();
            if (calls.Count > 0)
            {
                throw new NativeLoadException(
                    $"{bridge.Source} needs {need.VersionName} from libstdc++ for {string.Join(", ", calls)}, but {systemLibrary} does not define it. " +
                    "Install a newer libstdc++ (GCC 13 or later, e.g. from your distribution's backports) or use a TorchSharp build linked against an older one.");
            }
        }

        return missing;
    }

    /// <summary>Finds the bridge where the runtime's native probing will find it (deps.json directories first).</summary>
    private static string? LocateBridge()
    {
        var directories = (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(AppContext.BaseDirectory)
            .Append(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"));
        return directories.Select(d => Path.Combine(d, BridgeFileName)).FirstOrDefault(File.Exists);
    }

    /// <summary>Asks the dynamic loader for libstdc++.so.6 and reads back which file it mapped.</summary>
    private static string? LocateSystemLibStdCxx()
    {
        if (NativeLibrary.TryLoad("libstdc++.so.6", out _))
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var slash = line.IndexOf('/', StringComparison.Ordinal);
                if (slash >= 0 && Path.GetFileName(line[slash..]).StartsWith("libstdc++.so.6", StringComparison.Ordinal))
                {
                    return line[slash..].Trim();
                }
            }
        }

        return new[] { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib" }
            .Select(d => Path.Combine(d, "libstdc++.so.6"))
            .FirstOrDefault(File.Exists);
    }

    private static bool CanPatchInPlace(string bridgePath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(bridgePath))!;
        var packageRoots = new[]
        {
            Environment.GetEnvironmentVariable("NUGET_PACKAGES"),
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        };
        if (packageRoots.Any(root => !string.IsNullOrEmpty(root) && directory.StartsWith(Path.GetFullPath(root), StringComparison.Ordinal)))
        {
            return false;
        }

        try
        {
            var probe = Path.Combine(directory, $".write-probe-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Write-then-rename: concurrent loaders see the old or the new file, and hard links to it (a package cache) stay untouched.</summary>
    /// <param name="path">The file to (re)place.</param>
    /// <param name="bytes">Its new content.</param>
    /// <param name="modeFrom">The file whose permissions the result gets (the original bridge).</param>
    private static void WriteAtomically(string path, ReadOnlySpan<byte> bytes, string modeFrom)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temporary, bytes.ToArray());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, File.GetUnixFileMode(modeFrom));
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Writes the patched bridge to a private folder keyed by the original's hash, with links to its
    /// sibling libraries so <c>$ORIGIN</c> (its RUNPATH) still finds libtorch.
    /// </summary>
    private static string WriteShadowCopy(string bridgePath, ReadOnlySpan<byte> patched)
    {
        var originalDirectory = Path.GetDirectoryName(Path.GetFullPath(bridgePath))!;
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(bridgePath)))[..16];
        var shadowDirectory = Path.Combine(Path.GetTempPath(), "streamclassifier-native", hash);
        Directory.CreateDirectory(shadowDirectory);
        foreach (var sibling in Directory.EnumerateFiles(originalDirectory))
        {
            var link = Path.Combine(shadowDirectory, Path.GetFileName(sibling));
            if (Path.GetFileName(sibling) != BridgeFileName && !File.Exists(link))
            {
                try
                {
                    File.CreateSymbolicLink(link, sibling);
                }
                catch (IOException)
                {
                    // Another process created it first.
                }
            }
        }

        var shadowPath = Path.Combine(shadowDirectory, BridgeFileName);
        WriteAtomically(shadowPath, patched, modeFrom: bridgePath);
        return shadowPath;
    }

    private static void LoadShadowCopy(string shadowPath)
    {
        shadowHandle = NativeLibrary.Load(shadowPath);
        NativeLibrary.SetDllImportResolver(typeof(TorchSharp.torch).Assembly, (name, _, _) =>
            name is "LibTorchSharp" or BridgeFileName ? shadowHandle : IntPtr.Zero);
    }
}

/// <summary>What <see cref="TorchSharpNative.EnsureLoadable"/> found or did.</summary>
internal enum NativeFixAction
{
    /// <summary>Not Linux x64: nothing to check.</summary>
    NotApplicable,

    /// <summary>The bridge or libstdc++ was not found; TorchSharp will report it.</summary>
    BridgeNotFound,

    /// <summary>The system libstdc++ defines every needed version; nothing touched.</summary>
    SystemIsNewEnough,

    /// <summary>The bridge already carries the weak flags.</summary>
    AlreadyPatched,

    /// <summary>The app's copy of the bridge was patched.</summary>
    PatchedInPlace,

    /// <summary>A patched copy in a private folder was loaded (the original is in a package cache or read-only).</summary>
    ShadowCopyLoaded,
}

/// <summary>The outcome of the native fix-up.</summary>
/// <param name="Action">What happened.</param>
/// <param name="BridgePath">The bridge that will be loaded, when found.</param>
/// <param name="WeakenedVersions">Versions marked weak (or found already weak).</param>
internal sealed record NativeFixResult(NativeFixAction Action, string? BridgePath, IReadOnlyList<string> WeakenedVersions);

/// <summary>TorchSharp's native bridge cannot be made to load on this system.</summary>
internal sealed class NativeLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NativeLoadException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public NativeLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public NativeLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
