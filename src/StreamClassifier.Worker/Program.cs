using System.CommandLine;
using StreamClassifier.Worker.Commands;

// Lists the commands only; each lives in Commands/<Name>Command.cs so branches merge cleanly.
var root = new RootCommand("StreamClassifier: classify live sensor streams with Conv1D models in ONNX Runtime.")
{
    BrokerCommand.Create(),
    ReplayCommand.Create(),
    RunCommand.Create(),
};

return root.Parse(args).Invoke();
