using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Onnx;

namespace StreamClassifier.Worker.Models;

/// <summary>
/// Loads the scorer of every stream of a topology, checking each model against its stream: shapes,
/// layout and output (ONNX engineer's <see cref="ModelCompatibility"/>) and the preprocessing chain
/// recorded in its card (<see cref="TopologyModelCheck"/>). A stream without a model gets none.
/// </summary>
public sealed class TopologyScorers : IDisposable
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
        var byPath = new Dictionary<string, OnnxWindowScorer>(StringComparer.Ordinal);
        try
        {
            for (var index = 0; index < topology.Streams.Count; index++)
            {
                var stream = topology.Streams[index];
                if (stream.Model is null)
                {
                    continue;
                }

                var path = Path.GetFullPath(topology.ResolvePath(stream.Model.Path));
                if (!byPath.TryGetValue(path, out var scorer))
                {
                    scorer = OnnxWindowScorer.LoadForStream(topology, index, options);
                    scorers.owned.Add(scorer);
                    byPath.Add(path, scorer);
                }

                if (scorer.Model.Card is { } located)
                {
                    var cardSource = located.FromSidecar
                        ? Path.ChangeExtension(stream.Model.Path, null) + ".card.json"
                        : $"{stream.Model.Path} (ONNX metadata)";
                    TopologyModelCheck.Check(stream, located.Card, topology.FilePath ?? topology.Name, cardSource);
                }

                scorers.ByStream.Add(stream.Name, scorer);
            }

            return scorers;
        }
        catch
        {
            scorers.Dispose();
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
