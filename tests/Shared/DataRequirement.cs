namespace StreamClassifier.Testing;

/// <summary>
/// The public datasets some tests read (MIT-BIH Arrhythmia, MIT-BIH Noise Stress Test, UCR binary
/// tables). They are not in the repository; <c>streamclassifier-train data fetch</c> downloads them
/// into the data root these tests look in (<see cref="SharedPaths.Datasets"/>).
/// </summary>
internal static class DataRequirement
{
    /// <summary>The MIT-BIH Arrhythmia Database folder (<c>mitbih/</c>, PhysioNet <c>mitdb</c>).</summary>
    public const string MitBih = "mitbih";

    /// <summary>The MIT-BIH Noise Stress Test Database folder (<c>nstdb/</c>).</summary>
    public const string NoiseStress = "nstdb";

    /// <summary>The UCR archive's binary datasets (<c>ucr/&lt;Name&gt;/</c>).</summary>
    public const string Ucr = "ucr";

    /// <summary>
    /// Returns the dataset's folder, or skips the calling test (fails it under <c>CI=true</c>) with the
    /// command that fetches it when the folder is absent.
    /// </summary>
    /// <param name="dataset">One of <see cref="MitBih"/>, <see cref="NoiseStress"/>, <see cref="Ucr"/>.</param>
    public static string Require(string dataset)
    {
        var (fetch, title) = dataset switch
        {
            MitBih => ("mitdb", "The MIT-BIH Arrhythmia Database"),
            NoiseStress => ("nstdb", "The MIT-BIH Noise Stress Test Database"),
            Ucr => ("ucr --mirror <unpacked UCRArchive_2018 folder>", "The UCR archive's binary datasets"),
            _ => throw new ArgumentOutOfRangeException(nameof(dataset), dataset, "Unknown dataset."),
        };
        var folder = SharedPaths.Datasets(dataset);
        TestRequirement.Require(
            Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any(),
            $"{title}: not found at {folder} (this test reads it)",
            $"dotnet run --project src/StreamClassifier.Trainer -c Release -- data fetch {fetch} --to {SharedPaths.DatasetsRoot}   (from the repository root; docs/datasets.md)");
        return folder;
    }
}
