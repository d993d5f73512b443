using System.Reflection;
using System.Runtime.InteropServices;

namespace StreamClassifier.Kafka.Embedded;

/// <summary>
/// Binds this assembly's "librdkafka" P/Invokes to the same native file Confluent.Kafka loads.
/// Confluent.Kafka tries the package's <c>librdkafka.so</c> first and, on glibc systems where its
/// dependencies (libsasl2.so.3) are missing, falls back to <c>centos8-librdkafka.so</c>; the same
/// order here means both end up on one library instance (dlopen of a loaded path returns its handle).
/// </summary>
internal static class NativeLibraryResolver
{
    private static int registered;

    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != "librdkafka")
        {
            return IntPtr.Zero;
        }

        var candidates = new List<string>();
        var rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        foreach (var baseDirectory in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(Confluent.Kafka.Library).Assembly.Location) ?? string.Empty })
        {
            if (OperatingSystem.IsLinux())
            {
                candidates.Add(Path.Combine(baseDirectory, "runtimes", rid, "native", "librdkafka.so"));
                candidates.Add(Path.Combine(baseDirectory, "runtimes", rid, "native", "centos8-librdkafka.so"));
            }
            else if (OperatingSystem.IsMacOS())
            {
                candidates.Add(Path.Combine(baseDirectory, "runtimes", "osx-" + (rid.EndsWith("arm64", StringComparison.Ordinal) ? "arm64" : "x64"), "native", "librdkafka.dylib"));
            }
            else if (OperatingSystem.IsWindows())
            {
                candidates.Add(Path.Combine(baseDirectory, "runtimes", "win-x64", "native", "librdkafka.dll"));
            }
        }

        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }
}
