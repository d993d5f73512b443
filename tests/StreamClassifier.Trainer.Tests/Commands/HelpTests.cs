using System.CommandLine;
using System.CommandLine.Help;
using System.Reflection;
using StreamClassifier.Trainer.Commands;

namespace StreamClassifier.Trainer.Tests.Commands;

/// <summary>Issue 5 §7 for <c>streamclassifier-train</c>: <c>--help</c> on every command lists its options, and every option with a default shows it.</summary>
public class HelpTests
{
    /// <summary>Every command of the trainer: each <c>Commands/*Command.cs</c> has a public static <c>Create()</c> (found by reflection, so a new command is covered).</summary>
    public static TheoryData<string> CommandNames()
    {
        var names = new TheoryData<string>();
        foreach (var command in AllCommands())
        {
            foreach (var path in Paths(command, []))
            {
                names.Add(string.Join(' ', path));
            }
        }

        return names;
    }

    [Fact]
    public void Every_command_is_found()
    {
        var names = AllCommands().Select(command => command.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(StringComparer.Ordinal) { "train", "ecg", "benchmark" }, names);
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void Help_lists_every_option_and_shows_each_default(string name)
    {
        var path = name.Split(' ');
        var command = AllCommands().Single(candidate => candidate.Name == path[0]);
        foreach (var sub in path.Skip(1))
        {
            command = command.Subcommands.Single(candidate => candidate.Name == sub);
        }

        var help = Help(AllCommands().Single(candidate => candidate.Name == path[0]), path);
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

    private static List<Command> AllCommands() =>
        [.. typeof(TrainCommand).Assembly.GetTypes()
            .Where(type => type.Namespace == typeof(TrainCommand).Namespace && type.Name.EndsWith("Command", StringComparison.Ordinal))
            .Select(type => type.GetMethod("Create", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes))
            .OfType<MethodInfo>()
            .Where(method => method.ReturnType == typeof(Command))
            .Select(method => (Command)method.Invoke(null, null)!)];

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

    private static string Help(Command command, string[]? path = null)
    {
        var root = new RootCommand("test") { command };
        using var output = new StringWriter();
        var exit = root.Parse([.. path ?? [command.Name], "--help"]).Invoke(new InvocationConfiguration { Output = output, Error = output });
        Assert.Equal(0, exit);
        return output.ToString();
    }
}
