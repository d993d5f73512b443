using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamClassifier.Trainer.Data;

/// <summary>
/// Reads a JSON config file the user wrote. A missing file, invalid JSON and a null document each
/// become one message naming the file (and, for invalid JSON, the JSON path), in the caller's
/// exception type, so that every config file of the trainer fails the same way.
/// </summary>
internal static class JsonConfigFile
{
    /// <summary>
    /// The trainer's config files' JSON form: snake_case keys and enums, comments and trailing commas
    /// allowed, unknown keys rejected, nulls left out when writing.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Deserialises <paramref name="path"/> as <typeparamref name="T"/>.</summary>
    /// <param name="path">The config file.</param>
    /// <param name="options">The config type's serializer options.</param>
    /// <param name="messages">What the file is called in messages, and the fix for each failure.</param>
    /// <param name="error">Makes the caller's exception from a message and the JSON error behind it (or null).</param>
    public static T Read<T>(string path, JsonSerializerOptions options, ConfigFileMessages messages, Func<string, JsonException?, Exception> error)
        where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(error);
        if (!File.Exists(path))
        {
            throw error($"{path}: {messages.Missing}", null);
        }

        T? config;
        try
        {
            config = JsonSerializer.Deserialize<T>(File.ReadAllText(path), options);
        }
        catch (JsonException ex)
        {
            throw error($"{path}: invalid {messages.Name} at {ex.Path ?? "$"}: {ex.Message} {messages.KeysHint}", ex);
        }

        return config ?? throw error($"{path}: {messages.Empty}", null);
    }
}

/// <summary>The texts of <see cref="JsonConfigFile"/>'s messages for one kind of config file.</summary>
/// <param name="Name">What the file is, e.g. "MIT-BIH config".</param>
/// <param name="Missing">The message (after the path) when the file does not exist, with the fix.</param>
/// <param name="Empty">The message (after the path) when the document is null.</param>
/// <param name="KeysHint">Where the keys are documented, appended to a JSON error.</param>
internal sealed record ConfigFileMessages(string Name, string Missing, string Empty, string KeysHint);
