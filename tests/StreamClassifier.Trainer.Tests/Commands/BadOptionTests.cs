using StreamClassifier.Testing;

namespace StreamClassifier.Trainer.Tests.Commands;

/// <summary>
/// Options of <c>streamclassifier-train</c> with a bad value: one <c>error:</c> line saying what is
/// wrong, exit code 2, never a stack trace; each row runs the real executable.
/// </summary>
public sealed class BadOptionTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sc-train-options-").FullName;

    public BadOptionTests()
    {
        File.WriteAllText(Path.Combine(folder, "tiny.csv"), "1,0.1,0.2,0.3,0.4\n0,0.4,0.3,0.2,0.1\n1,0.1,0.2,0.3,0.5\n0,0.5,0.3,0.2,0.1\n");
        Directory.CreateDirectory(Path.Combine(folder, "a-directory"));
    }

    public static TheoryData<string, string> BadValues() => new()
    {
        { "train --epochs many", "Cannot parse argument 'many' for option '--epochs'" },
        { "train --arch Transformer", "--arch Transformer is not a network" },
        { "train --dataset xml:foo", "--dataset 'xml:foo' is not understood" },
        { "train --dataset csv:{dir}/absent.csv", "absent.csv" },
        { "train --dataset csv:{dir}/tiny.csv --epochs 0", "Epochs must be at least 1, got 0" },
        { "train --dataset csv:{dir}/tiny.csv --batch-size -1", "BatchSize must be at least 1, got -1" },
        { "train --dataset csv:{dir}/tiny.csv --lr -1", "LearningRate must be positive, got -1" },
        { "train --dataset csv:{dir}/tiny.csv --validation-fraction 2", "The validation fraction must be at least 0 (no validation) and below 1" },
        { "tune --metric accuracy", "Cannot parse argument 'accuracy' for option '--metric'" },
        { "tune --eta 1", "--eta must be at least 2" },
        { "ecg --config {dir}/absent.json", "absent.json: the MIT-BIH config file does not exist" },
        { "ecg-train --window 0", "the window needs at least 16 samples" },
        { "data fetch gopher", "gopher" },
        { "trian", "Unrecognized command or argument 'trian'" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_option_value_prints_one_error_line_and_exits_2(string commandLine, string expected) =>
        BadOptionRun.AssertFailsWithOneLine("streamclassifier-train.dll", commandLine.Replace("{dir}", folder, StringComparison.Ordinal).Split(' '), 2, expected, workingDirectory: folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
