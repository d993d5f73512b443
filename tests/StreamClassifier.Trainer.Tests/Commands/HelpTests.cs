using StreamClassifier.Testing;
using StreamClassifier.Trainer.Commands;

namespace StreamClassifier.Trainer.Tests.Commands;

/// <summary>For <c>streamclassifier-train</c>: <c>--help</c> on every command lists its options, and every option with a default shows it (tests in <see cref="CommandHelpTests{TTool}"/>).</summary>
public class HelpTests : CommandHelpTests<HelpTests>, IHelpTestedTool
{
    public static Type AnyCommand => typeof(TrainCommand);

    public static IReadOnlyCollection<string> ExpectedCommands => ["train", "ecg", "ecg-train", "benchmark", "tune", "data"];
}
