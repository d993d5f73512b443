using System.Globalization;
using StreamClassifier.Core.Models;
using StreamClassifier.Core.Recordings;

namespace StreamClassifier.Worker.Demo;

/// <summary>
/// How samples/mitbih-heldout is made from the MIT-BIH Arrhythmia Database: the first ten minutes of
/// five records of patients the demo model never saw (its card's <c>test_records</c>, DS2 of the
/// inter-patient protocol), cut byte-exactly with <see cref="WfdbExcerpt"/>. <c>streamclassifier demo
/// extract</c> runs it; a test regenerates it from ../shared and compares it with the committed files.
/// </summary>
internal static class DemoData
{
    /// <summary>
    /// The records: 200 (frequent multiform PVCs, couplets, ventricular runs), 212 (right bundle branch
    /// block and no ventricular beats: wide normal beats are the hard negatives), 214 (left bundle branch
    /// block with PVCs), 221 (atrial fibrillation with PVCs) and 233 (frequent PVCs and couplets).
    /// </summary>
    public static IReadOnlyList<string> Records { get; } = ["200", "212", "214", "221", "233"];

    /// <summary>Length of each excerpt, from the record's first sample.</summary>
    public static TimeSpan ExcerptLength { get; } = TimeSpan.FromMinutes(10);

    /// <summary>The model card the demo data must be unseen by (its test records).</summary>
    public const string DefaultCard = "models/ecg-pvc.card.json";

    /// <summary>Writes the excerpt of every record in <see cref="Records"/> from <paramref name="mitbihFolder"/> into <paramref name="destination"/>.</summary>
    /// <param name="mitbihFolder">The MIT-BIH Arrhythmia Database.</param>
    /// <param name="destination">Folder to write.</param>
    /// <param name="card">The demo model's card: every record must be one of its <c>test_records</c>.</param>
    /// <returns>The files written.</returns>
    /// <exception cref="WfdbFormatException">A source record is missing or malformed, or the model was not tested on (so may have seen) a record.</exception>
    public static IReadOnlyList<string> Extract(string mitbihFolder, string destination, ModelCard card)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mitbihFolder);
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        ArgumentNullException.ThrowIfNull(card);
        var unseen = card.Training?.TestRecords ?? [];
        if (Records.Except(unseen, StringComparer.Ordinal).ToList() is { Count: > 0 } seen)
        {
            throw new WfdbFormatException($"The demo replays records {string.Join(", ", Records)}, but model '{card.Name}' lists only [{string.Join(", ", unseen)}] as test_records in its card; records {string.Join(", ", seen)} may be patients it was trained or validated on. Use a model trained with streamclassifier-train ecg-train.");
        }

        var written = new List<string>();
        foreach (var name in Records)
        {
            var header = WfdbHeader.Read(Path.Combine(mitbihFolder, name + ".hea"));
            var total = header.SampleCount ?? throw new WfdbFormatException($"{header.Path}: the record line has no sample count.");
            var end = (int)Math.Min(total, Math.Round(ExcerptLength.TotalSeconds * header.SampleRateHz));
            var note = string.Create(CultureInfo.InvariantCulture,
                $"Excerpt (StreamClassifier demo): samples 0..{end - 1} of PhysioNet mitdb 1.0.0 record {name}, the first {ExcerptLength.TotalMinutes:0} minutes; a test patient (DS2) of the demo model.");
            written.AddRange(WfdbExcerpt.Write(header.Path, 0, end, destination, note));
        }

        return written;
    }
}
