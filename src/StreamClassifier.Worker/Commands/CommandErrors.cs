using StreamClassifier.CommandLine;
using StreamClassifier.Core.Models;
using StreamClassifier.Core.Recordings;
using StreamClassifier.Core.Topology;
using StreamClassifier.Onnx;
using StreamClassifier.Onnx.Compatibility;
using StreamClassifier.Onnx.Inspection;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Batching;

namespace StreamClassifier.Worker.Commands;

/// <summary>
/// Turns the errors a user can cause into a message on stderr and an exit code, so every command
/// fails the same way: 1 bad input data, 2 bad configuration or model, 3 anything else.
/// </summary>
internal static class CommandErrors
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code for bad input data (a recording, a record).</summary>
    public const int BadInput = 1;

    /// <summary>Exit code for a bad topology or model.</summary>
    public const int BadConfiguration = 2;

    /// <summary>Exit code for an unexpected failure.</summary>
    public const int Failure = 3;

    /// <summary>Runs <paramref name="action"/>, mapping known errors to messages and exit codes.</summary>
    public static int Run(Func<int> action, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        error ??= Console.Error;
        try
        {
            return action();
        }
        catch (Exception ex) when (Classify(ex) is { } code)
        {
            error.WriteLine($"error: {Unwrap(ex).Message}");
            return code;
        }
    }

    private static int? Classify(Exception ex) => Unwrap(ex) switch
    {
        SensorCsvException or WfdbFormatException => BadInput,
        TopologyException or ModelCardException or ModelCompatibilityException or InvalidModelException => BadConfiguration,
        FileNotFoundException or DirectoryNotFoundException => BadConfiguration,
        PipelineScoringException => Failure,
        _ => null,
    };

    /// <summary>
    /// The exit code of an exception that escaped a command, or null for a defect: besides the errors
    /// <see cref="Run"/> maps, a path an option names that cannot be read or written and an option value
    /// a component refuses are the user's to fix (exit code 2).
    /// </summary>
    public static int? ClassifyEscaped(Exception ex) => Classify(ex) ?? Unwrap(ex) switch
    {
        IOException or UnauthorizedAccessException or ArgumentException or FormatException => BadConfiguration,
        _ => null,
    };

    private static Exception Unwrap(Exception ex) => CommandLineEntry.Unwrap(ex);
}
