using System.Globalization;
using StreamClassifier.Core.Recordings;

namespace StreamClassifier.Worker.Demo;

/// <summary>
/// How samples/mitbih-heldout is made from the MIT-BIH Arrhythmia Database: the held-out last 30 % of
/// five of the demo model's training records (the part its training never saw; docs/datasets.md), cut
/// byte-exactly with <see cref="WfdbExcerpt"/>. <c>streamclassifier demo extract</c> runs it; a test
/// regenerates it from ../shared and compares it with the committed files.
/// </summary>
internal static class DemoData
{
    /// <summary>
    /// The records: 100 (normal rhythm; false alerts show here), 105 (noisy, a few PVCs), 106 (frequent
    /// PVCs, bigeminy), 108 (noisy, rare PVCs) and 208 (PVC couplets and runs). The same set the compose
    /// replay service uses by default.
    /// </summary>
    public static IReadOnlyList<string> Records { get; } = ["100", "105", "106", "108", "208"];

    /// <summary>Train (0.6) + validation (0.1) of src/StreamClassifier.Trainer/Configs/mitbih-ventricular.json: the held-out part starts here.</summary>
    public const double HeldOutStartFraction = 0.6 + 0.1;

    /// <summary>The first held-out sample of a record of <paramref name="sampleCount"/> samples, computed as the trainer computes it.</summary>
    public static int HeldOutStart(int sampleCount) => (int)(sampleCount * HeldOutStartFraction);

    /// <summary>Writes the held-out part of every record in <see cref="Records"/> from <paramref name="mitbihFolder"/> into <paramref name="destination"/>.</summary>
    /// <returns>The files written.</returns>
    /// <exception cref="WfdbFormatException">A source record is missing or malformed.</exception>
    public static IReadOnlyList<string> Extract(string mitbihFolder, string destination)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mitbihFolder);
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        var written = new List<string>();
        foreach (var name in Records)
        {
            var header = WfdbHeader.Read(Path.Combine(mitbihFolder, name + ".hea"));
            var total = header.SampleCount ?? throw new WfdbFormatException($"{header.Path}: the record line has no sample count.");
            var start = HeldOutStart(total);
            var note = string.Create(CultureInfo.InvariantCulture,
                $"Excerpt (StreamClassifier demo): samples {start}..{total - 1} of PhysioNet mitdb 1.0.0 record {name}, from {TimeSpan.FromSeconds(start / header.SampleRateHz):mm\\:ss\\.fff}; the held-out last 30 %; annotation times count from the excerpt's first sample.");
            written.AddRange(WfdbExcerpt.Write(header.Path, start, total, destination, note));
        }

        return written;
    }
}
