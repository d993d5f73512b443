using System.CommandLine;
using System.CommandLine.Help;
using System.Reflection;

namespace StreamClassifier.Testing;

/// <summary>
/// For any command-line tool: <c>--help</c> on every command lists its options, and every
/// option with a default shows it. Used by <see cref="CommandHelpTests{TTool}"/>. It lives in a
/// subfolder of tests/Shared, which Directory.Build.props does not link into every test project,
/// because only the projects that reference System.CommandLine can compile it; those link it
/// explicitly in their project file.
/// </summary>
internal static class CommandHelpChecks
{
    /// <summary>
    /// Every command beside <paramref name="anchor"/>: each <c>*Command</c> type of its namespace with a
    /// public static <c>Create()</c> returning a <see cref="Command"/> (found by reflection, so a new
    /// command is covered).
    /// </summary>
    public static List<Command> CommandsBeside(Type anchor) =>
        [.. anchor.Assembly.GetTypes()
            .Where(type => type.Namespace == anchor.Namespace && type.Name.EndsWith("Command", StringComparison.Ordinal))
            .Select(type => type.GetMethod("Create", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes))
            .OfType<MethodInfo>()
            .Where(method => method.ReturnType == typeof(Command))
            .Select(method => (Command)method.Invoke(null, null)!)];

    /// <summary>Every command and subcommand of <paramref name="commands"/>, each as the words that name it, joined by spaces.</summary>
    public static TheoryData<string> CommandNames(IEnumerable<Command> commands)
    {
        var names = new TheoryData<string>();
        foreach (var command in commands)
        {
            foreach (var path in Paths(command, []))
            {
                names.Add(string.Join(' ', path));
            }
        }

        return names;
    }

    /// <summary>Asserts that <c>--help</c> of the command named <paramref name="name"/> (see <see cref="CommandNames"/>) lists every option and shows each default.</summary>
    public static void AssertHelpListsEveryOptionAndShowsEachDefault(IReadOnlyList<Command> commands, string name)
    {
        var path = name.Split(' ');
        var command = commands.Single(candidate => candidate.Name == path[0]);
        foreach (var sub in path.Skip(1))
        {
            command = command.Subcommands.Single(candidate => candidate.Name == sub);
        }

        var help = Help(commands.Single(candidate => candidate.Name == path[0]), path);
        var lines = help.Split('\n').Select(line => line.TrimEnd('\r')).ToList();

        foreach (var option in command.Options.Where(option => option is not HelpOption))
        {
            var line = lines.SingleOrDefault(candidate => candidate.TrimStart().Split(' ', 2)[0].TrimEnd(',') is var first && (first == option.Name || option.Aliases.Contains(first)))
                ?? lines.SingleOrDefault(candidate => candidate.Contains(option.Name + " ", StringComparison.Ordinal) || candidate.TrimEnd().EndsWith(option.Name, StringComparison.Ordinal));
            Assert.True(line is not null, $"'{name} --help' does not list {option.Name}:\n{help}");
            if (option.HasDefaultValue && option.ValueType != typeof(bool))
            {
                Assert.True(line.Contains("[default: ", StringComparison.Ordinal), $"'{name} --help' does not show the default of {option.Name}: {line}");
            }
        }
    }

    /// <summary>The <c>--help</c> text of <paramref name="command"/> (or of the subcommand <paramref name="path"/> names), asserting it exits 0.</summary>
    public static string Help(Command command, string[]? path = null)
    {
        var root = new RootCommand("test") { command };
        using var output = new StringWriter();
        var exit = root.Parse([.. path ?? [command.Name], "--help"]).Invoke(new InvocationConfiguration { Output = output, Error = output });
        Assert.Equal(0, exit);
        return output.ToString();
    }

    /// <summary>A command and its subcommands, each as the words that name it.</summary>
    private static IEnumerable<string[]> Paths(Command command, string[] parent)
    {
        string[] path = [.. parent, command.Name];
        yield return path;
        foreach (var sub in command.Subcommands.SelectMany(sub => Paths(sub, path)))
        {
            yield return sub;
        }
    }
}
