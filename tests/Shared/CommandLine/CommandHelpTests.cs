using System.CommandLine;

namespace StreamClassifier.Testing;

/// <summary>
/// For one tool: <c>--help</c> on every command lists its options, and every
/// option with a default shows it. A test project derives its HelpTests class from it, passing that
/// class itself as <typeparamref name="TTool"/> (xunit's member data must be static, hence static
/// abstract members rather than overrides); the checks are <see cref="CommandHelpChecks"/>.
/// </summary>
/// <typeparam name="TTool">The deriving test class, which names the tool's commands.</typeparam>
public abstract class CommandHelpTests<TTool>
    where TTool : IHelpTestedTool
{
    /// <summary>Every command and subcommand of the tool, as the words that name it.</summary>
    public static TheoryData<string> CommandNames() => CommandHelpChecks.CommandNames(AllCommands());

    [Fact]
    public void Every_command_is_found()
    {
        var names = AllCommands().Select(command => command.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(TTool.ExpectedCommands.ToHashSet(StringComparer.Ordinal), names);
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void Help_lists_every_option_and_shows_each_default(string name) =>
        CommandHelpChecks.AssertHelpListsEveryOptionAndShowsEachDefault(AllCommands(), name);

    /// <summary>Every command of the tool.</summary>
    protected static List<Command> AllCommands() => CommandHelpChecks.CommandsBeside(TTool.AnyCommand);
}

/// <summary>A command-line tool whose <c>--help</c> is tested by <see cref="CommandHelpTests{TTool}"/>.</summary>
public interface IHelpTestedTool
{
    /// <summary>Any command type of the tool: every <c>*Command</c> with a static <c>Create()</c> in its namespace is covered.</summary>
    static abstract Type AnyCommand { get; }

    /// <summary>Commands the tool must have, so that reflection finding none cannot pass silently.</summary>
    static abstract IReadOnlyCollection<string> ExpectedCommands { get; }
}
