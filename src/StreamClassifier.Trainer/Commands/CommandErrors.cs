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
        catch (Exception ex) when (ex is DatasetFormatException or WfdbFormatException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }
    }
}
