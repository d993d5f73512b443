using System.Text;
using StreamClassifier.Core.Topology;

namespace StreamClassifier.Fuzz.Targets;

/// <summary>A topology YAML file, with <c>${VAR}</c> substitution from a fixed environment.</summary>
public sealed class TopologyTarget : FuzzTarget
{
    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal)
    {
        ["KAFKA_BOOTSTRAP"] = "localhost:9092",
        ["THRESHOLD"] = "0.7",
    };

    /// <inheritdoc />
    public override string Name => "topology";

    /// <inheritdoc />
    public override bool Run(byte[] input)
    {
        try
        {
            _ = TopologyLoader.LoadFromString(Encoding.UTF8.GetString(input), "fuzz.yaml", Environment, ScratchFiles.Root);
            return true;
        }
        catch (TopologyException)
        {
            return false;
        }
    }
}
