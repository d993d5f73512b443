using System.Globalization;

namespace StreamClassifier.Worker.Telemetry;

/// <summary>
/// The readiness condition for a worker that has fallen behind: not ready while its committed position
/// is more than <see cref="MaxLagSeconds"/> behind the head of an owned partition, and ready again once
/// it is within half of that (so a worker near the bound does not flap). The reason says by how much.
/// </summary>
internal sealed class LagReadiness
{
    private readonly Func<(double Seconds, long Records)> lag;
    private readonly string topic;
    private bool behind;

    /// <summary>Creates the condition.</summary>
    /// <param name="lag">The worst lag over the owned partitions now (seconds) and the total lag in records.</param>
    /// <param name="maxLagSeconds">The bound (<c>worker.ready_max_lag_s</c>); 0 disables the condition.</param>
    /// <param name="topic">The source topic, for the message.</param>
    public LagReadiness(Func<(double Seconds, long Records)> lag, double maxLagSeconds, string topic)
    {
        ArgumentNullException.ThrowIfNull(lag);
        this.lag = lag;
        this.topic = topic;
        MaxLagSeconds = maxLagSeconds;
    }

    /// <summary>The bound in seconds.</summary>
    public double MaxLagSeconds { get; }

    /// <summary>Null when the worker keeps up; otherwise why it is not ready.</summary>
    public string? Check()
    {
        if (MaxLagSeconds <= 0)
        {
            return null;
        }

        var (seconds, records) = lag();
        lock (lag)
        {
            behind = behind ? seconds > MaxLagSeconds / 2 : seconds > MaxLagSeconds;
        }

        return behind
            ? string.Create(CultureInfo.InvariantCulture, $"behind by {seconds:0} s ({records:N0} records) on {topic}; ready again within {MaxLagSeconds / 2:0} s (worker.ready_max_lag_s: {MaxLagSeconds:0})")
            : null;
    }
}
