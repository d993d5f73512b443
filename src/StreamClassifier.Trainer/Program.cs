using System.CommandLine;

namespace StreamClassifier.Trainer;

/// <summary>Entry point of <c>streamclassifier-train</c>: lists the commands, nothing else.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen command.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("streamclassifier-train: trains Conv1D binary classifiers on labelled signals and exports them to ONNX with a model card.");
        return root.Parse(args).Invoke();
    }
}
