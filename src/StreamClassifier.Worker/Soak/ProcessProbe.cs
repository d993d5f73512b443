using System.Globalization;

namespace StreamClassifier.Worker.Soak;

/// <summary>What the kernel says about a process (Linux <c>/proc</c>): resident memory, threads, open file descriptors.</summary>
/// <param name="RssBytes">Resident set size.</param>
/// <param name="Threads">Threads, native ones (librdkafka, ONNX Runtime) included.</param>
/// <param name="OpenFiles">Open file descriptors (files, sockets, pipes, event fds).</param>
internal readonly record struct ProcessProbe(long RssBytes, int Threads, int OpenFiles)
{
    /// <summary>Reads <c>/proc/&lt;pid&gt;/status</c> and <c>/proc/&lt;pid&gt;/fd</c>; null when the process is gone or /proc is unavailable.</summary>
    public static ProcessProbe? Read(int pid)
    {
        try
        {
            long rss = -1;
            var threads = -1;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
                }
            }

            var files = Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;
            return rss < 0 || threads < 0 ? null : new ProcessProbe(rss, threads, files);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
