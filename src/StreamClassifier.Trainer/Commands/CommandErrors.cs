using StreamClassifier.CommandLine;
using StreamClassifier.Core.Recordings;
using StreamClassifier.Trainer.Data;

namespace StreamClassifier.Trainer.Commands;

/// <summary>Turns the errors a user can cause (bad data, bad options) into a message and exit code 2 instead of a stack trace.</summary>
internal static class CommandErrors
{
    /// <summary>Runs <paramref name="action"/>; user errors print one clear line to stderr and return 2.</summary>
    public static int Guard(Func<int> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return action();
        }
        catch (Exception ex) when (IsUsers(ex))
        {
            Console.Error.WriteLine($"error: {CommandLineEntry.MessageOf(ex)}");
            return 2;
        }
    }

    /// <summary>
    /// The exit code of an exception that escaped a command, or null for a defect: the errors
    /// <see cref="Guard"/> maps, and a path an option names that cannot be read or written.
    /// </summary>
    public static int? ClassifyEscaped(Exception ex) => IsUsers(ex) || ex is IOException or UnauthorizedAccessException ? 2 : null;

    private static bool IsUsers(Exception ex) => ex is DatasetFormatException or WfdbFormatException or ArgumentException;
}
