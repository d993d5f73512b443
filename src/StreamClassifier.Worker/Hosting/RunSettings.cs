using StreamClassifier.Core.Topology;
using StreamClassifier.Worker.Models;

namespace StreamClassifier.Worker.Hosting;

/// <summary>What <c>streamclassifier run</c> was asked to do: the loaded topology and the command-line overrides.</summary>
internal sealed record RunSettings
{
    /// <summary>The topology (already loaded and validated, environment substituted).</summary>
    public required TopologyDefinition Topology { get; init; }

    /// <summary>Kafka bootstrap servers overriding the topology's.</summary>
    public string? BootstrapOverride { get; init; }

    /// <summary>Stable id of this worker instance.</summary>
    public required string InstanceId { get; init; }

    /// <summary>How often complete work is checkpointed and committed.</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>host:port</c> of the telemetry endpoint overriding <c>telemetry.listen</c>.</summary>
    public string? ListenOverride { get; init; }

    /// <summary>How model files are watched for new versions.</summary>
    public ModelWatchOptions ModelWatch { get; init; } = new();

    /// <summary>The graceful-stop deadline (<c>worker.shutdown_timeout_s</c>).</summary>
    public TimeSpan ShutdownTimeout => TimeSpan.FromSeconds(Topology.Worker.ShutdownTimeoutS);
}

/// <summary>The exit code <c>run</c> returns, set by the hosted service (0 unless something failed).</summary>
internal sealed class RunOutcome
{
    private int exitCode;

    /// <summary>The exit code so far.</summary>
    public int ExitCode => Volatile.Read(ref exitCode);

    /// <summary>Records a failure's exit code; the first failure wins.</summary>
    public void Fail(int code) => Interlocked.CompareExchange(ref exitCode, code, 0);
}
