using System.CommandLine;
using StreamClassifier.CommandLine;
using StreamClassifier.Worker.Commands;

// Lists the commands only; each lives in Commands/<Name>Command.cs so branches merge cleanly.
var root = new RootCommand("streamclassifier: classifies live sensor signals with Conv1D models (Kafka in, alerts out).")
{
    PreprocessCommand.Create(),
    ScoreCommand.Create(),
    BenchCommand.Create(),
    BrokerCommand.Create(),
    ReplayCommand.Create(),
    RunCommand.Create(),
    ValidateCommand.Create(),
    InspectModelCommand.Create(),
    DemoCommand.Create(),
    EcgEvalCommand.Create(),
    SoakCommand.Create(),
};

// Commands handle SIGTERM/Ctrl-C themselves (ShutdownSignal) and drain before exiting; System.CommandLine's
// own termination timeout would cut a graceful Kafka shutdown short with exit code 143.
// A bad option or a path that cannot be used prints one line and exits 2 (CommandLineEntry).
return CommandLineEntry.Invoke(root, args, new InvocationConfiguration { ProcessTerminationTimeout = null }, CommandErrors.ClassifyEscaped);
