namespace StreamClassifier.Trainer.Data.Fetch;

/// <summary>One file of a public dataset.</summary>
/// <param name="Path">Where it goes under the data root, with forward slashes (e.g. <c>mitbih/100.dat</c>).</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Sha256">Its SHA-256, lower-case hex.</param>
internal sealed record ManifestEntry(string Path, long Size, string Sha256);
