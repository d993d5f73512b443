using StreamClassifier.Testing;
using StreamClassifier.Worker.Commands;

namespace StreamClassifier.Worker.Tests.Commands;

/// <summary><c>--help</c> on every command lists its options, and every option with a default shows it (tests in <see cref="CommandHelpTests{TTool}"/>).</summary>
public class HelpTests : CommandHelpTests<HelpTests>, IHelpTestedTool
{
    public static Type AnyCommand => typeof(RunCommand);

    public static IReadOnlyCollection<string> ExpectedCommands => ["score", "preprocess", "bench", "broker", "replay", "run", "validate", "inspect-model"];

    [Fact]
    public void Run_shows_its_defaults()
    {
        var help = CommandHelpChecks.Help(AllCommands().Single(command => command.Name == "run"));
        Assert.Contains("[default: 1000]", help, StringComparison.Ordinal);
        Assert.Contains("[default: plain]", help, StringComparison.Ordinal);
        Assert.Contains("[default: 15]", help, StringComparison.Ordinal);
    }
}
