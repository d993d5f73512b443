using StreamClassifier.Trainer.Data;

namespace StreamClassifier.Trainer.Tests.Data;

public sealed class LabelledCsvReaderTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("csv-tests-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void Reads_rows_with_an_optional_header_and_text_labels_sorted_ordinally()
    {
        var path = Path.Combine(scratch, "beats.csv");
        File.WriteAllText(path, "label,v0,v1,v2\nnormal,1,2,3\n\npvc,-1.5,2e-1,0\nnormal,0,0,1\n");

        var file = LabelledCsvReader.Read(path);

        Assert.Equal("normal → 0, pvc → 1", file.Mapping.ToString());
        Assert.Equal((3, 1, 3), (file.Windows.Count, file.Windows.Channels, file.Windows.Length));
        Assert.Equal([0, 1, 0], file.Windows.Labels);
        Assert.Equal([-1.5f, 0.2f, 0f], file.Windows.Window(1).ToArray());
    }

    [Fact]
    public void Numeric_labels_without_header_sort_numerically()
    {
        var path = Path.Combine(scratch, "numbers.csv");
        File.WriteAllText(path, "10,1,2\n9,3,4\n");

        var file = LabelledCsvReader.Read(path);

        Assert.Equal("9 → 0, 10 → 1", file.Mapping.ToString());
        Assert.Equal([1, 0], file.Windows.Labels);
    }

    [Fact]
    public void A_bad_value_names_file_line_and_column()
    {
        var path = Path.Combine(scratch, "bad.csv");
        File.WriteAllText(path, "label,a,b\n0,1,2\n1,3,x\n");

        var error = Assert.Throws<DatasetFormatException>(() => LabelledCsvReader.Read(path));

        Assert.Contains($"{path}:3: column 2 holds 'x'", error.Message, StringComparison.Ordinal);
    }
}
