using System.CommandLine;
using StreamClassifier.Worker.Commands;

var root = new RootCommand("streamclassifier: classifies live sensor signals with Conv1D models (Kafka in, alerts out).")
{
    PreprocessCommand.Create(),
    ScoreCommand.Create(),
    BenchCommand.Create(),
};

return root.Parse(args).Invoke();
