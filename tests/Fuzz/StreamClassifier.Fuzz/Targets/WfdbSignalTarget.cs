using System.Text;
using StreamClassifier.Core.Recordings;

namespace StreamClassifier.Fuzz.Targets;

/// <summary>
/// A WFDB record whose header is the input's first line and whose signal file (<c>fuzz.dat</c>) is
/// the rest, so the fuzzer varies formats, gains, counts and checksums together with the bytes.
/// </summary>
public sealed class WfdbSignalTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "wfdb-signal";

    /// <inheritdoc />
    public override bool Run(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var split = Array.IndexOf(input, (byte)0);
        var header = split < 0 ? input : input[..split];
        var data = split < 0 ? [] : input[(split + 1)..];
        File.Delete(Path.Combine(ScratchFiles.Root, "fuzz.dat"));
        ScratchFiles.Write("fuzz.dat", data);
        var headerPath = ScratchFiles.Write("fuzz.hea", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(header)));
        try
        {
            var record = WfdbRecord.Read(headerPath);
            _ = record.Rows(0, record.SampleCount);
            return true;
        }
        catch (WfdbFormatException)
        {
            return false;
        }
    }
}
