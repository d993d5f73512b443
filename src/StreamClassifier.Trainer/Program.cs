using System.CommandLine;
using StreamClassifier.CommandLine;
using StreamClassifier.Trainer.Commands;
using StreamClassifier.Trainer.Native;

namespace StreamClassifier.Trainer;

/// <summary>Entry point of <c>streamclassifier-train</c>: lists the commands, nothing else.</summary>
internal static class Program
{
    /// <summary>Parses the command line and runs the chosen command.</summary>
    public static int Main(string[] args)
    {
        // Before any TorchSharp type is touched: makes libtorch loadable on Debian 12 (see docs/trainer.md).
        TorchSharpNative.EnsureLoadable();
        var root = new RootCommand("streamclassifier-train: trains Conv1D binary classifiers on labelled signals and exports them to ONNX with a model card.");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(BenchmarkCommand.Create());
        root.Subcommands.Add(EcgCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(TuneCommand.Create());
        root.Subcommands.Add(EcgTrainCommand.Create());
        // A bad option prints one line and exits 2 (CommandLineEntry), as CommandErrors.Guard does for bad values.
        return CommandLineEntry.Invoke(root, args, new InvocationConfiguration(), CommandErrors.ClassifyEscaped);
    }
}
