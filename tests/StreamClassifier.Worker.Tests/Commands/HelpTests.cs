using System.CommandLine;
using StreamClassifier.Testing;
using StreamClassifier.Worker.Commands;

namespace StreamClassifier.Worker.Tests.Commands;

/// <summary>Issue 5 §7: <c>--help</c> on every command lists its options, and every option with a default shows it (checks in <see cref="CommandHelpChecks"/>).</summary>
public class HelpTests
{
    /// <summary>Every command and subcommand of the worker.</summary>
    public static TheoryData<string> CommandNames() => CommandHelpChecks.CommandNames(AllCommands());

    [Fact]
    public void Every_command_is_found()
    {
        var names = AllCommands().Select(command => command.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(StringComparer.Ordinal) { "score", "preprocess", "bench", "broker", "replay", "run", "validate", "inspect-model" }, names);
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void Help_lists_every_option_and_shows_each_default(string name) =>
        CommandHelpChecks.AssertHelpListsEveryOptionAndShowsEachDefault(AllCommands(), name);

    [Fact]
    public void Run_shows_its_defaults()
    {
        var help = CommandHelpChecks.Help(AllCommands().Single(command => command.Name == "run"));
        Assert.Contains("[default: 1000]", help, StringComparison.Ordinal);
        Assert.Contains("[default: plain]", help, StringComparison.Ordinal);
        Assert.Contains("[default: 15]", help, StringComparison.Ordinal);
    }

    private static List<Command> AllCommands() => CommandHelpChecks.CommandsBeside(typeof(RunCommand));
}
