using System.Runtime.InteropServices;

namespace StreamClassifier.Trainer.Native;

/// <summary>
/// OpenMP settings libtorch's bundled libgomp reads once, when it loads. Its default wait policy
/// spins idle worker threads; with more than one libtorch thread on a machine whose cores are busy
/// (a shared 2-core CI box) that spinning costs about three times the CPU and makes two threads
/// slower than one. A passive policy puts waiting workers to sleep instead (measured: FCN on
/// GunPoint, 2 threads, 0.56 → 1.9 epochs/s). Set before TorchSharp loads; a value the user set wins.
/// </summary>
internal static class OpenMpDefaults
{
    /// <summary>The variable libgomp reads.</summary>
    public const string WaitPolicyVariable = "OMP_WAIT_POLICY";

    /// <summary>Sets <c>OMP_WAIT_POLICY=PASSIVE</c> in the native environment unless it is already set; returns the policy in force.</summary>
    public static string Apply()
    {
        var current = Environment.GetEnvironmentVariable(WaitPolicyVariable);
        if (!string.IsNullOrEmpty(current) || !OperatingSystem.IsLinux())
        {
            return current ?? "default";
        }

        // Environment.SetEnvironmentVariable only changes .NET's own copy on Unix; libgomp reads the C environment.
        if (SetEnv(WaitPolicyVariable, "PASSIVE", overwrite: 0) != 0)
        {
            return "default";
        }

        Environment.SetEnvironmentVariable(WaitPolicyVariable, "PASSIVE");
        return "PASSIVE";
    }

    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetEnv(string name, string value, int overwrite);
}
