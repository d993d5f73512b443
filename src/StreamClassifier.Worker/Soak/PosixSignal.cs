using System.Runtime.InteropServices;

namespace StreamClassifier.Worker.Soak;

/// <summary>Sends SIGTERM to a child process, the signal an orchestrator stops a worker with (.NET's Kill sends SIGKILL).</summary>
internal static class PosixSignal
{
    private const int SigTerm = 15;

    /// <summary>Asks process <paramref name="pid"/> to stop gracefully; false when the signal could not be sent.</summary>
    public static bool Terminate(int pid) => Kill(pid, SigTerm) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
