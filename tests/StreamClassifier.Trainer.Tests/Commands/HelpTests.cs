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
            names.Add(command.Name);
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
        var command = AllCommands().Single(candidate => candidate.Name == name);
        var help = Help(command);
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

            if (!option.Required && !option.HasDefaultValue && option.ValueType != typeof(bool) && option.Arity.MaximumNumberOfValues == 1)
            {
                // No static default: the description says what happens without the option.
                Assert.True(
                    ContainsAny(option.Description, "default", "overriding", "With ", "Also ", "Either", "or --", "instead"),
                    $"{name} {option.Name} has no default and its description does not say what happens without it: {option.Description}");
            }
        }
    }

    private static bool ContainsAny(string? text, params string[] parts) =>
        text is not null && parts.Any(part => text.Contains(part, StringComparison.OrdinalIgnoreCase));

    private static List<Command> AllCommands() =>
        [.. typeof(TrainCommand).Assembly.GetTypes()
            .Where(type => type.Namespace == typeof(TrainCommand).Namespace && type.Name.EndsWith("Command", StringComparison.Ordinal))
            .Select(type => type.GetMethod("Create", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes))
            .OfType<MethodInfo>()
            .Where(method => method.ReturnType == typeof(Command))
            .Select(method => (Command)method.Invoke(null, null)!)];

    private static string Help(Command command)
    {
        var root = new RootCommand("test") { command };
        using var output = new StringWriter();
        var exit = root.Parse([command.Name, "--help"]).Invoke(new InvocationConfiguration { Output = output, Error = output });
        Assert.Equal(0, exit);
        return output.ToString();
    }
}
