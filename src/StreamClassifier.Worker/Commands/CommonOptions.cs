using System.CommandLine;

namespace StreamClassifier.Worker.Commands;

/// <summary>Options several commands share, so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<FileInfo> Topology() => new("--topology", "-t")
    {
        Description = "Topology YAML file (topologies/*.yaml).",
        Required = true,
    };

    public static Option<FileInfo> Input(string description) => new("--input", "-i")
    {
        Description = description,
        Required = true,
    };

    public static Option<FileInfo> Output(string description) => new("--output", "-o")
    {
        Description = description,
        Required = true,
    };
}
