namespace StreamClassifier.Worker.Telemetry;

/// <summary>
/// What <c>/readyz</c> checks. Alive (<c>/healthz</c>) means the process answers; ready means models
/// are loaded and every registered check passes (for Kafka runs: partitions assigned, broker reachable).
/// Checks are evaluated per request and must be cheap (they read cached state).
/// </summary>
internal sealed class HealthState
{
    private readonly List<(string Name, Func<string?> Check)> checks = [];
    private volatile bool modelsLoaded;

    /// <summary>Set once every stream's model is loaded and checked.</summary>
    public bool ModelsLoaded
    {
        get => modelsLoaded;
        set => modelsLoaded = value;
    }

    /// <summary>Adds a readiness check returning null when fine, else why not.</summary>
    public void AddCheck(string name, Func<string?> check)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(check);
        lock (checks)
        {
            checks.Add((name, check));
        }
    }

    /// <summary>The reasons the worker is not ready; empty when ready.</summary>
    public IReadOnlyList<string> NotReadyReasons()
    {
        var reasons = new List<string>();
        if (!modelsLoaded)
        {
            reasons.Add("models: not loaded yet");
        }

        lock (checks)
        {
            foreach (var (name, check) in checks)
            {
                string? reason;
                try
                {
                    reason = check();
                }
                catch (Exception exception) when (exception is InvalidOperationException or ObjectDisposedException)
                {
                    reason = exception.Message;
                }

                if (reason is not null)
                {
                    reasons.Add($"{name}: {reason}");
                }
            }
        }

        return reasons;
    }
}
