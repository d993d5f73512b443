using System.Text;
using StreamClassifier.Core.Recordings;

namespace StreamClassifier.Fuzz.Targets;

/// <summary>A WFDB <c>.hea</c> header's text.</summary>
public sealed class WfdbHeaderTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "wfdb-header";

    /// <inheritdoc />
    public override bool Run(byte[] input)
    {
        var lines = Encoding.UTF8.GetString(input).Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        try
        {
            _ = WfdbHeader.Parse(lines, "fuzz.hea");
            return true;
        }
        catch (WfdbFormatException)
        {
            return false;
        }
    }
}
