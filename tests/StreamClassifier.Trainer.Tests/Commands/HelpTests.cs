using System.CommandLine;
using StreamClassifier.Testing;
using StreamClassifier.Trainer.Commands;

namespace StreamClassifier.Trainer.Tests.Commands;

/// <summary>Issue 5 §7 for <c>streamclassifier-train</c>: <c>--help</c> on every command lists its options, and every option with a default shows it (checks in <see cref="CommandHelpChecks"/>).</summary>
public class HelpTests
{
    /// <summary>Every command and subcommand of the trainer.</summary>
    public static TheoryData<string> CommandNames() => CommandHelpChecks.CommandNames(AllCommands());

    [Fact]
    public void Every_command_is_found()
    {
        var names = AllCommands().Select(command => command.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(StringComparer.Ordinal) { "train", "ecg", "benchmark" }, names);
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void Help_lists_every_option_and_shows_each_default(string name) =>
        CommandHelpChecks.AssertHelpListsEveryOptionAndShowsEachDefault(AllCommands(), name);

    private static List<Command> AllCommands() => CommandHelpChecks.CommandsBeside(typeof(TrainCommand));
}
