namespace StreamClassifier.Trainer.Commands;

/// <summary>The system load average, for benchmark reports on a machine that may be shared.</summary>
internal static class LoadAverage
{
    /// <summary>The 1, 5 and 15 minute load averages as "a / b / c" from /proc/loadavg, or null where there is none.</summary>
    public static string? Read()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length >= 3 ? $"{fields[0]} / {fields[1]} / {fields[2]}" : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
