using Google.Protobuf;
using StreamClassifier.Onnx.Proto;

namespace StreamClassifier.Onnx.Export;

/// <summary>A node attribute (ONNX <c>AttributeProto</c>): an int, a float, a string or a list of ints or floats.</summary>
public sealed class OnnxAttribute
{
    private readonly AttributeProto proto;

    private OnnxAttribute(AttributeProto proto) => this.proto = proto;

    /// <summary>Attribute name.</summary>
    public string Name => proto.Name;

    /// <summary>An integer attribute (e.g. <c>group</c>, <c>axis</c>, <c>transB</c>).</summary>
    public static OnnxAttribute Int(string name, long value) =>
        new(new AttributeProto { Name = CheckName(name), Type = AttributeProto.Types.AttributeType.Int, I = value });

    /// <summary>A float attribute (e.g. <c>epsilon</c>, <c>alpha</c>).</summary>
    public static OnnxAttribute Float(string name, float value) =>
        new(new AttributeProto { Name = CheckName(name), Type = AttributeProto.Types.AttributeType.Float, F = value });

    /// <summary>A string attribute (e.g. <c>auto_pad</c>).</summary>
    public static OnnxAttribute String(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(new AttributeProto { Name = CheckName(name), Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) });
    }

    /// <summary>A list of integers (e.g. <c>kernel_shape</c>, <c>pads</c>, <c>perm</c>).</summary>
    public static OnnxAttribute Ints(string name, params IEnumerable<long> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var attribute = new AttributeProto { Name = CheckName(name), Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return new(attribute);
    }

    /// <summary>A list of floats.</summary>
    public static OnnxAttribute Floats(string name, params IEnumerable<float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var attribute = new AttributeProto { Name = CheckName(name), Type = AttributeProto.Types.AttributeType.Floats };
        attribute.Floats.AddRange(values);
        return new(attribute);
    }

    /// <summary>The protobuf form (a copy, so the attribute can be reused on several nodes).</summary>
    public AttributeProto ToProto() => proto.Clone();

    private static string CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name;
    }
}
