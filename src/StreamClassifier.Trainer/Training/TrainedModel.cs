using StreamClassifier.Core.Models;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Export;
using StreamClassifier.Trainer.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamClassifier.Trainer.Training;

/// <summary>One trained network or an ensemble of them, in eval mode, with its training history.</summary>
internal sealed class TrainedModel : IDisposable
{
    private readonly List<ClassifierNetwork> members;
    private bool disposed;

    internal TrainedModel(List<ClassifierNetwork> members, IReadOnlyList<EpochReport> history, Architecture architecture, int channels, int length)
    {
        this.members = members;
        History = history;
        Architecture = architecture;
        Channels = channels;
        Length = length;
    }

    /// <summary>What closed-form fits chose, one line per member (e.g. MiniRocket's ridge alpha); empty for gradient training.</summary>
    public IReadOnlyList<string> FitNotes { get; init; } = [];

    /// <summary>Every epoch of every member, in training order.</summary>
    public IReadOnlyList<EpochReport> History { get; }

    /// <summary>The network family.</summary>
    public Architecture Architecture { get; }

    /// <summary>Input channels.</summary>
    public int Channels { get; }

    /// <summary>Window length.</summary>
    public int Length { get; }

    /// <summary>The ensemble members (one for a single network), in eval mode.</summary>
    public IReadOnlyList<ClassifierNetwork> Members => members;

    /// <summary>P(class 1) per window: the mean of the members' sigmoid outputs, eval mode.</summary>
    public float[] PredictProbabilities(LabelledWindows windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (windows.Count > 0 && (windows.Channels != Channels || windows.Length != Length))
        {
            throw new ArgumentException($"The model takes {Channels}×{Length} windows, got {windows.Channels}×{windows.Length}.", nameof(windows));
        }

        var probabilities = new float[windows.Count];
        if (windows.Count == 0)
        {
            return probabilities;
        }

        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var values = ModelTrainer.TensorOf(windows);
        for (long start = 0; start < windows.Count; start += ModelTrainer.EvaluationBatch)
        {
            var length = Math.Min(ModelTrainer.EvaluationBatch, windows.Count - start);
            var batch = values.narrow(0, start, length);
            var sum = torch.zeros(length, 1);
            foreach (var member in members)
            {
                member.eval();
                sum.add_(torch.sigmoid(member.forward(batch)));
            }

            sum.div_(members.Count).flatten().data<float>().CopyTo(probabilities, (int)start);
        }

        return probabilities;
    }

    /// <summary>
    /// Writes the model as ONNX (input [N, C, L] float, output [N, 1] probability; ensembles averaged
    /// inside the graph) with the card in its metadata, and the card beside it as <c>&lt;stem&gt;.card.json</c>.
    /// </summary>
    public void ExportOnnx(string path, ModelCard card)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        OnnxModelExporter.Export(members, path, card);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        foreach (var member in members)
        {
            member.Dispose();
        }
    }
}
