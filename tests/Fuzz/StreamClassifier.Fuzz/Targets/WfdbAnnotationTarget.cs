using StreamClassifier.Core.Recordings;

namespace StreamClassifier.Fuzz.Targets;

/// <summary>A WFDB <c>.atr</c> annotation file (MIT format).</summary>
public sealed class WfdbAnnotationTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "wfdb-annotation";

    /// <inheritdoc />
    public override bool Run(byte[] input)
    {
        try
        {
            _ = WfdbAnnotations.Parse(input, "fuzz.atr");
            return true;
        }
        catch (WfdbFormatException)
        {
            return false;
        }
    }
}
