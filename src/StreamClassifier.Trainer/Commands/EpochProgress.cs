using System.Globalization;
using Spectre.Console;
using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Commands;

/// <summary>
/// Shows training progress: a Spectre.Console progress bar per ensemble member with the latest loss and
/// accuracy when the console is interactive, one plain line per epoch otherwise (logs, CI).
/// </summary>
internal static class EpochProgress
{
    /// <summary>Runs <paramref name="work"/> with a progress reporter wired to the console.</summary>
    public static T Run<T>(string title, int epochs, Func<IProgress<EpochReport>, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            return work(new LineReporter(title));
        }

        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context => result = work(new BarReporter(context, title, epochs)));
        return result;
    }

    private static string Describe(EpochReport report) => string.Create(
        CultureInfo.InvariantCulture,
        $"epoch {report.Epoch}: loss {report.TrainLoss:0.0000} acc {report.TrainAccuracy:0.000} | val loss {report.ValidationLoss:0.0000} acc {report.ValidationAccuracy:0.000}{(report.Improved ? " *" : string.Empty)}");

    private sealed class LineReporter(string title) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) =>
            Console.WriteLine($"{title} member {value.Member + 1} {Describe(value)}");
    }

    private sealed class BarReporter(ProgressContext context, string title, int epochs) : IProgress<EpochReport>
    {
        private readonly Dictionary<int, ProgressTask> tasks = [];
        private readonly Lock gate = new();

        public void Report(EpochReport value)
        {
            lock (gate)
            {
                if (!tasks.TryGetValue(value.Member, out var task))
                {
                    foreach (var previous in tasks.Values)
                    {
                        previous.Value = previous.MaxValue; // an earlier member stopped early
                    }

                    task = context.AddTask(Markup.Escape($"{title} #{value.Member + 1}"), maxValue: epochs);
                    tasks[value.Member] = task;
                }

                task.Value = value.Epoch;
                task.Description = Markup.Escape($"{title} #{value.Member + 1} {Describe(value)}");
            }
        }
    }
}
