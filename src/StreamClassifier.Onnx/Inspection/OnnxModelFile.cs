using Google.Protobuf;
using StreamClassifier.Onnx.Proto;

namespace StreamClassifier.Onnx.Inspection;

/// <summary>Reads an ONNX file's protobuf, turning every way it can fail into a message with the path and a fix.</summary>
internal static class OnnxModelFile
{
    private const long MaxProtobufBytes = int.MaxValue;

    /// <summary>Parses <paramref name="path"/> as an ONNX <see cref="ModelProto"/>.</summary>
    /// <exception cref="InvalidModelException">The file is missing, unreadable or not an ONNX model.</exception>
    public static ModelProto Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            var hint = Directory.Exists(path)
                ? "it is a directory; point at the .onnx file inside it"
                : "check the path (relative paths resolve against the topology's base directory) or train and export the model with streamclassifier-train";
            throw new InvalidModelException($"Model file '{path}' was not found: {hint}.");
        }

        // Protobuf caps a message at 2 GiB: a larger file cannot be a model, so it is not read at all.
        var length = new FileInfo(path).Length;
        if (length >= MaxProtobufBytes)
        {
            throw NotOnnx(path, $"it is {length / (1024.0 * 1024 * 1024):0.0} GiB, and an ONNX protobuf holds at most 2 GiB", null);
        }

        ModelProto model;
        try
        {
            using var stream = File.OpenRead(path);
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw NotOnnx(path, $"it is not an ONNX protobuf ({ex.Message})", ex);
        }
        catch (IOException ex)
        {
            throw new InvalidModelException($"Model file '{path}' could not be read: {ex.Message} Check that it is readable and not being written.", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new InvalidModelException($"Model file '{path}' could not be read: {ex.Message} Give the worker read permission on it.", ex);
        }

        // Random bytes can parse as a protobuf with unknown fields; a real model has a graph with
        // nodes, inputs and outputs and imports at least one operator set.
        if (model.Graph is null || model.Graph.Node.Count == 0 || model.Graph.Output.Count == 0 || model.OpsetImport.Count == 0)
        {
            throw NotOnnx(path, "it holds no ONNX graph (no nodes, outputs or operator set)", null);
        }

        return model;
    }

    private static InvalidModelException NotOnnx(string path, string why, Exception? inner)
    {
        var message = $"Model file '{path}' is not an ONNX model: {why}. Export the network with torch.onnx.export or streamclassifier-train, and check the path points at the .onnx file (not the .card.json or a checkpoint).";
        return inner is null ? new InvalidModelException(message) : new InvalidModelException(message, inner);
    }
}
