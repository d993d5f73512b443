using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Onnx;
using StreamClassifier.Onnx.Compatibility;
using StreamClassifier.Onnx.Inspection;
using StreamClassifier.Onnx.Scoring;

namespace StreamClassifier.Worker.Models;

/// <summary>
/// Loads the scorer of every stream of a topology, checking each model against its stream: shapes,
/// layout and output (<see cref="ModelCompatibility"/>) and the preprocessing chain
/// recorded in its card (<see cref="TopologyModelCheck"/>). A stream without a model gets none.
/// </summary>
internal sealed class TopologyScorers : IDisposable
{
    private readonly List<OnnxWindowScorer> owned = [];

    private TopologyScorers(TopologyDefinition topology)
    {
        Topology = topology;
    }

    /// <summary>The topology the scorers belong to.</summary>
    public TopologyDefinition Topology { get; }

    /// <summary>Scorer per stream name (only streams with a model).</summary>
    public Dictionary<string, IWindowScorer> ByStream { get; } = new(StringComparer.Ordinal);

    /// <summary>Loads and checks every stream's model; a model file shared by streams is loaded once.</summary>
    /// <exception cref="InvalidModelException">A model file is missing or not a usable ONNX classifier.</exception>
    /// <exception cref="ModelCompatibilityException">Topology, card and graph disagree on shapes, layout or output.</exception>
    /// <exception cref="TopologyException">The card's preprocessing differs from the stream's.</exception>
    public static TopologyScorers Load(TopologyDefinition topology, OnnxScorerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var scorers = new TopologyScorers(topology);
        try
        {
            foreach (var (_, streamIndexes) in ModelFiles(topology))
            {
                var scorer = LoadModel(topology, streamIndexes, options);
                scorers.owned.Add(scorer);
                foreach (var index in streamIndexes)
                {
                    scorers.ByStream.Add(topology.Streams[index].Name, scorer);
                }
            }

            return scorers;
        }
        catch
        {
            scorers.Dispose();
            throw;
        }
    }

    /// <summary>The model files of a topology (full paths, in stream order) with the indexes of the streams each one scores.</summary>
    public static IReadOnlyList<(string Path, IReadOnlyList<int> StreamIndexes)> ModelFiles(TopologyDefinition topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var files = new List<(string Path, List<int> StreamIndexes)>();
        for (var index = 0; index < topology.Streams.Count; index++)
        {
            if (topology.Streams[index].Model is not { } model)
            {
                continue;
            }

            var path = Path.GetFullPath(topology.ResolvePath(model.Path));
            var at = files.FindIndex(file => file.Path == path);
            if (at < 0)
            {
                files.Add((path, [index]));
            }
            else
            {
                files[at].StreamIndexes.Add(index);
            }
        }

        return [.. files.Select(file => (file.Path, (IReadOnlyList<int>)file.StreamIndexes))];
    }

    /// <summary>
    /// Loads the model file of the streams <paramref name="streamIndexes"/> (which share it) and checks it
    /// against each of them: shapes, layout, output and the card's preprocessing. The caller owns the scorer.
    /// </summary>
    /// <exception cref="InvalidModelException">The file is missing or not a usable ONNX classifier.</exception>
    /// <exception cref="ModelCompatibilityException">Topology, card and graph disagree.</exception>
    /// <exception cref="TopologyException">The card's preprocessing differs from a stream's.</exception>
    public static OnnxWindowScorer LoadModel(TopologyDefinition topology, IReadOnlyList<int> streamIndexes, OnnxScorerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(streamIndexes);
        ArgumentOutOfRangeException.ThrowIfZero(streamIndexes.Count);
        var scorer = OnnxWindowScorer.LoadForStream(topology, streamIndexes[0], options);
        try
        {
            foreach (var index in streamIndexes)
            {
                var stream = topology.Streams[index];
                if (index != streamIndexes[0])
                {
                    // A second stream sharing the file must fit it too (shapes, layout, output).
                    ModelCompatibility.Resolve(topology, index, scorer.Model.Description);
                }

                if (scorer.Model.Card is { } located)
                {
                    var cardSource = located.FromSidecar
                        ? Path.ChangeExtension(stream.Model!.Path, null) + ".card.json"
                        : $"{stream.Model!.Path} (ONNX metadata)";
                    TopologyModelCheck.Check(stream, located.Card, topology.FilePath ?? topology.Name, cardSource);
                }
            }

            return scorer;
        }
        catch
        {
            scorer.Dispose();
            throw;
        }
    }

    /// <summary>Disposes the loaded sessions.</summary>
    public void Dispose()
    {
        foreach (var scorer in owned)
        {
            scorer.Dispose();
        }

        owned.Clear();
    }
}
