namespace StreamClassifier.Core.Topology.Loading;

/// <summary>
/// The librdkafka settings that hold a secret (passwords, private keys, client secrets). In a
/// topology they are accepted only as one whole <c>${VAR}</c> reference, so the secret lives in the
/// environment (a Kubernetes Secret, a compose env file) and never in a file that is committed,
/// copied into images or printed. Their values are never repeated in a message. docs/security.md
/// lists the same settings.
/// </summary>
public static class KafkaSecretSettings
{
    /// <summary>The secret-bearing settings, by librdkafka name.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "sasl.password",
        "sasl.oauthbearer.client.secret",
        "sasl.oauthbearer.config",
        "sasl.oauthbearer.assertion.private.key.passphrase",
        "sasl.oauthbearer.assertion.private.key.pem",
        "ssl.key.password",
        "ssl.key.pem",
        "ssl.keystore.password",
    };

    /// <summary>Why the value of <paramref name="key"/> as written cannot be used, or null when it is not a secret or is one <c>${VAR}</c> reference.</summary>
    /// <param name="key">The setting's name.</param>
    /// <param name="written">The value as written in the file, before substitution.</param>
    public static string? LiteralProblem(string key, string written)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(written);
        if (!Names.Contains(key))
        {
            return null;
        }

        var references = EnvironmentSubstitution.FindReferences(written);
        if (references is [{ Default: null } reference] && written == $"${{{reference.Name}}}")
        {
            return null;
        }

        var variable = "KAFKA_" + key.ToUpperInvariant().Replace('.', '_');
        return $"'{key}' is a secret and is accepted only from the environment, not written in the file (nor as a ${{VAR:-default}}); write \"${{{variable}}}\" and set {variable} where the worker runs (docs/security.md)";
    }
}
