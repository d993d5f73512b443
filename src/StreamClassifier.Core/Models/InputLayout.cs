using System.Text.Json.Serialization;

namespace StreamClassifier.Core.Models;

/// <summary>How a model's input tensor is laid out.</summary>
public enum InputLayout
{
    /// <summary>[batch, channels, length] (PyTorch Conv1d).</summary>
    [JsonStringEnumMemberName("NCL")]
    NCL,

    /// <summary>[batch, length, channels] (channels last).</summary>
    [JsonStringEnumMemberName("NLC")]
    NLC,
}
